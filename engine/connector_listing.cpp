#include "engine/connector_listing.h"

#include "common/text.h"
#include "connect/endpoints.h"
#include "engine/connect_errors.h"
#include "engine/session.h"

namespace connql {

std::shared_ptr<const std::vector<ConnectorRow>> list_connector_rows(Session& session, connect::Client& client) {
    auto reader = std::make_shared<ConnectorListReader>(session.last_connector_listing());
    connect::Response response = connect::endpoints::list_connectors_expanded(client, reader);
    if (!response.ok()) throw_connect_error(response, "listing connectors");
    // The reader of the call this one joined, when another request sent it.
    auto used = std::dynamic_pointer_cast<const ConnectorListReader>(response.consumed);
    // A success that did not say it is JSON (a proxy that drops the Content-Type, say): the
    // client parsed it, as any answer, and its tree is read back as text.
    const ConnectorListReader::Result read =
        used ? used->result() : read_connector_listing(response.body.is_null() ? std::string() : response.body.dump());
    if (const auto* problem = std::get_if<std::string>(&read)) {
        throw Error(ErrorKind::Runtime,
                    mask_url_credentials(response.worker) + " does not look like a Kafka Connect worker: " + *problem, {},
                    "check the URL: a Connect worker's REST listener (listeners= in its config, port 8083 by default) "
                    "answers GET /connectors with its connectors");
    }
    const std::shared_ptr<const ConnectorListing>& listing = std::get<std::shared_ptr<const ConnectorListing>>(read);
    session.remember_connector_listing(listing);
    return {listing, &listing->rows};
}

}  // namespace connql

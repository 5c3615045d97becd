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
    if (!used) throw Error(ErrorKind::Runtime, "internal error: the list of connectors was not read by its reader");
    if (const auto* problem = std::get_if<std::string>(&used->result())) {
        throw Error(ErrorKind::Runtime, mask_url_credentials(response.worker) + " answered " + *problem, {},
                    "check that the URL is a Kafka Connect worker's (its REST listener, port 8083 by default)");
    }
    const std::shared_ptr<const ConnectorListing>& listing = std::get<std::shared_ptr<const ConnectorListing>>(used->result());
    session.remember_connector_listing(listing);
    return {listing, &listing->rows};
}

}  // namespace connql

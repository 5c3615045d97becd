#include "server/http/message.h"

#include <nlohmann/json.hpp>

namespace connql::http {

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers)
        if (name == lower_name) return std::string_view(value);
    return std::nullopt;
}

std::string_view reason_phrase(int status) {
    switch (status) {
        case 100: return "Continue";
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 304: return "Not Modified";
        case 307: return "Temporary Redirect";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 406: return "Not Acceptable";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 413: return "Content Too Large";
        case 415: return "Unsupported Media Type";
        case 417: return "Expectation Failed";
        case 421: return "Misdirected Request";
        case 428: return "Precondition Required";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return status < 400 ? "OK" : status < 500 ? "Client Error" : "Server Error";
    }
}

Response error_response(int status, std::string_view message) {
    nlohmann::json body = {{"@type", "generic_error"}, {"error_code", status * 100}, {"message", message}};
    Response response;
    response.status = status;
    response.body = body.dump();
    return response;
}

}  // namespace connql::http

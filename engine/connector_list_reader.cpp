#include "engine/connector_list_reader.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>

// SSE2 is part of every x86-64 CPU: RapidJSON then scans strings 16 bytes at a time.
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "engine/connect_reading.h"

namespace connql {

namespace {

using rapidjson::SizeType;

// Where the reader is in the answer
// {"name": {"status": {"connector": {"state"}, "tasks": [{"state"}], "type"},
//           "info": {"config": {"connector.class"}, "type"}}, ...}.
enum class Place : std::uint8_t { Top, Connector, Status, StatusConnector, Tasks, Task, Info, Config, Elsewhere };

// What the key just read names, in its place.
enum class Field : std::uint8_t {
    None, Status, Info, StatusConnector, Tasks, StatusType, ConnectorState, TaskState, InfoType, Config, ClassName
};

Field field_of(Place place, std::string_view key) {
    switch (place) {
        case Place::Connector:
            if (key == "status") return Field::Status;
            if (key == "info") return Field::Info;
            return Field::None;
        case Place::Status:
            if (key == "connector") return Field::StatusConnector;
            if (key == "tasks") return Field::Tasks;
            if (key == "type") return Field::StatusType;
            return Field::None;
        case Place::StatusConnector: return key == "state" ? Field::ConnectorState : Field::None;
        case Place::Task: return key == "state" ? Field::TaskState : Field::None;
        case Place::Info:
            if (key == "type") return Field::InfoType;
            if (key == "config") return Field::Config;
            return Field::None;
        case Place::Config: return key == "connector.class" ? Field::ClassName : Field::None;
        case Place::Top:
        case Place::Tasks:
        case Place::Elsewhere: return Field::None;
    }
    return Field::None;
}

// One connector while its value is read.
struct Reading {
    std::string name;
    std::string info_type;
    std::string status_type;
    std::string class_name;
    StatusSummary status;
    bool task_running = false;  // the state of the task being read
    bool task_failed = false;
};

class ListingHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ListingHandler> {
public:
    static constexpr size_t kMaxDepth = 256;
    std::vector<ConnectorRow> rows;
    bool not_an_object = false;
    bool too_deep = false;

    bool StartObject() { return open(true); }
    bool StartArray() { return open(false); }
    bool EndObject(SizeType) { return close(); }
    bool EndArray(SizeType) { return close(); }

    bool Key(const char* text, SizeType length, bool) {
        const std::string_view key(text, length);
        if (places_.back() == Place::Top) {
            current_.name = key;
            current_.info_type.clear();
            current_.status_type.clear();
            current_.class_name.clear();
            current_.status = StatusSummary{};
            field_ = Field::None;
        } else {
            field_ = field_of(places_.back(), key);
            forget_earlier(field_);
        }
        return true;
    }

    bool String(const char* text, SizeType length, bool) { return scalar(std::string_view(text, length)); }
    // Null, booleans and numbers: no field the rows need is one. Numbers come as their
    // text (kParseNumbersAsStringsFlag): none is converted.
    bool Default() { return scalar(std::nullopt); }
    bool RawNumber(const char*, SizeType, bool) { return Default(); }

private:
    bool open(bool object) {
        // RapidJSON's parser recurses once a level: an answer nested 100,000 deep ran a
        // server thread out of stack. Connect's is 5 deep; anything past kMaxDepth is refused.
        if (places_.size() >= kMaxDepth) {
            too_deep = true;
            return false;
        }
        if (places_.empty()) {
            if (!object) {
                not_an_object = true;
                return false;
            }
            places_.push_back(Place::Top);
            return true;
        }
        Place next = Place::Elsewhere;
        switch (places_.back()) {
            case Place::Top: next = object ? Place::Connector : Place::Elsewhere; break;
            case Place::Tasks:
                ++current_.status.tasks_total;
                current_.task_running = current_.task_failed = false;
                next = object ? Place::Task : Place::Elsewhere;
                break;
            default:
                switch (field_) {
                    case Field::Status: next = object ? Place::Status : Place::Elsewhere; break;
                    case Field::Info: next = object ? Place::Info : Place::Elsewhere; break;
                    case Field::StatusConnector: next = object ? Place::StatusConnector : Place::Elsewhere; break;
                    case Field::Tasks: next = object ? Place::Elsewhere : Place::Tasks; break;
                    case Field::Config: next = object ? Place::Config : Place::Elsewhere; break;
                    default: set_text(std::nullopt); break;  // a text field holding an object or array
                }
        }
        field_ = Field::None;
        places_.push_back(next);
        return true;
    }

    bool close() {
        const Place closed = places_.back();
        places_.pop_back();
        if (closed == Place::Task) {
            current_.status.tasks_running += current_.task_running;
            current_.status.tasks_failed += current_.task_failed;
        }
        if (!places_.empty() && places_.back() == Place::Top) finish_connector();
        return true;
    }

    // False (the parse stops) for an answer that is a string, a number or null.
    bool scalar(std::optional<std::string_view> text) {
        if (places_.empty()) {
            not_an_object = true;
            return false;
        }
        switch (places_.back()) {
            case Place::Top: finish_connector(); break;  // a connector that is not an object: no fields
            case Place::Tasks: ++current_.status.tasks_total; break;
            default: set_text(text); break;
        }
        field_ = Field::None;
        return true;
    }

    // A key given again inside a connector: as in a JSON object, its last value is the one,
    // so what the earlier one gave is forgotten (text fields are simply set again).
    void forget_earlier(Field field) {
        switch (field) {
            case Field::Status:
                current_.status = StatusSummary{};
                current_.status_type.clear();
                break;
            case Field::Info:
                current_.info_type.clear();
                current_.class_name.clear();
                break;
            case Field::StatusConnector: current_.status.connector_state.clear(); break;
            case Field::Tasks:
                current_.status.tasks_total = current_.status.tasks_running = current_.status.tasks_failed = 0;
                break;
            case Field::Config: current_.class_name.clear(); break;
            default: break;
        }
    }

    // A field the rows need; "" when it is not a string.
    void set_text(std::optional<std::string_view> text) {
        const std::string_view value = text.value_or(std::string_view());
        switch (field_) {
            case Field::StatusType: current_.status_type = value; break;
            case Field::ConnectorState: current_.status.connector_state = value; break;
            case Field::InfoType: current_.info_type = value; break;
            case Field::ClassName: current_.class_name = value; break;
            case Field::TaskState:
                current_.task_running = value == "RUNNING";
                current_.task_failed = value == "FAILED";
                break;
            default: break;
        }
    }

    void finish_connector() {
        ConnectorRow& row = rows.emplace_back();
        row.name = current_.name;
        row.type = current_.info_type.empty() ? current_.status_type : current_.info_type;
        row.class_name = current_.class_name;
        row.state = current_.status.text();
        row.connector_state = current_.status.connector_state;
        row.tasks_total = current_.status.tasks_total;
        row.tasks_running = current_.status.tasks_running;
        row.tasks_failed = current_.status.tasks_failed;
    }

    std::vector<Place> places_;
    Field field_ = Field::None;
    Reading current_;
};

// The start of an answer, printable, for a message: what the worker (or whatever answered)
// sent instead of a list.
std::string excerpt(std::string_view text, size_t limit = 80) {
    std::string out;
    for (char c : text.substr(0, limit)) {
        const auto u = static_cast<unsigned char>(c);
        out += u < 0x20 || u == 0x7F || u >= 0x80 ? '?' : c;
    }
    return text.size() > limit ? out + "..." : out;
}

// By name, sorted once here (by pointer: a row is five strings), not by each statement. A
// name given twice keeps its last value, as a JSON object does: the stable sort leaves the
// values of one name in the order they came, and the last of each run is kept.
std::vector<ConnectorRow> by_name(std::vector<ConnectorRow> rows) {
    std::vector<ConnectorRow*> order;
    order.reserve(rows.size());
    for (ConnectorRow& row : rows) order.push_back(&row);
    std::stable_sort(order.begin(), order.end(), [](const ConnectorRow* a, const ConnectorRow* b) { return a->name < b->name; });
    std::vector<ConnectorRow> sorted;
    sorted.reserve(rows.size());
    for (size_t i = 0; i < order.size(); ++i) {
        if (i + 1 < order.size() && order[i + 1]->name == order[i]->name) continue;
        sorted.push_back(std::move(*order[i]));
    }
    return sorted;
}

// The whole answer, parsed in place by RapidJSON's SAX reader: no JSON tree, and the
// strings are scanned where they lie, not copied out one by one. (Parsing each connector
// as soon as it had arrived gained little: a worker writes the first 16 KB, then the rest
// at once, after a pause.)
ConnectorListReader::Result read_listing(std::string answer, const std::shared_ptr<const ConnectorListing>& last) {
    // A poll of an unchanged cluster gets byte for byte the last answer: its rows.
    if (last && last->answer == answer) return last;
    // A NUL would end the parse early: JSON has none outside strings, and none raw inside.
    if (answer.find('\0') != std::string::npos) return std::string("the list of connectors is not JSON (it holds a NUL byte)");
    // Parsed in place, in a copy: the answer itself is kept as it came. RapidJSON's SSE2
    // scan reads aligned blocks of 16 bytes, up to 15 past the terminating NUL: they are
    // ours (the address sanitizer of fuzz/listing_fuzz.cpp found the read past the end).
    std::string scratch;
    scratch.reserve(answer.size() + 16);
    scratch.assign(answer);
    scratch.append(16, '\0');
    scratch.resize(answer.size());
    ListingHandler handler;
    handler.rows.reserve(answer.size() / 400);  // Connect writes 450 bytes or more a connector
    rapidjson::Reader reader;
    rapidjson::InsituStringStream bytes(scratch.data());  // up to the terminating NUL
    const rapidjson::ParseResult parsed =
        reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag>(bytes, handler);
    if (handler.not_an_object) return std::string("the list of connectors is not a JSON object");
    if (handler.too_deep) {
        return "the list of connectors is nested more than " + std::to_string(ListingHandler::kMaxDepth) +
               " deep (Connect's is 5 deep)";
    }
    if (parsed.IsError()) {
        return std::string("the list of connectors is not JSON (") + rapidjson::GetParseError_En(parsed.Code()) +
               " at byte " + std::to_string(parsed.Offset()) + "): \"" + excerpt(answer) + "\"";
    }
    return std::make_shared<const ConnectorListing>(ConnectorListing{std::move(answer), by_name(std::move(handler.rows))});
}

}  // namespace

ConnectorListReader::ConnectorListReader(std::shared_ptr<const ConnectorListing> last) : last_(std::move(last)) {}

void ConnectorListReader::restart() {
    answer_.clear();
    failed_ = false;
    result_ = std::string("no answer was read");
    // Most answers are the size of the last: one allocation instead of a dozen copies.
    if (last_) answer_.reserve(last_->answer.size() + last_->answer.size() / 8);
}

void ConnectorListReader::consume(std::string_view bytes) {
    if (failed_) return;
    try {
        answer_.append(bytes);
    } catch (const std::exception& error) {  // out of memory: curl must not see an exception
        failed_ = true;
        result_ = std::string("the list of connectors could not be read (") + error.what() + ")";
    }
}

void ConnectorListReader::end() {
    if (!failed_) result_ = read_listing(std::move(answer_), last_);
    answer_ = std::string();
}

ConnectorListReader::Result read_connector_listing(std::string_view json, std::shared_ptr<const ConnectorListing> last) {
    ConnectorListReader reader(std::move(last));
    reader.restart();
    reader.consume(json);
    reader.end();
    return reader.result();
}

std::variant<std::vector<ConnectorRow>, std::string> read_connector_rows(std::string_view json) {
    ConnectorListReader::Result read = read_connector_listing(json);
    if (const auto* problem = std::get_if<std::string>(&read)) return *problem;
    return std::get<std::shared_ptr<const ConnectorListing>>(read)->rows;
}

}  // namespace connql

#include "engine/script.h"

#include <fstream>
#include <sstream>

namespace connql {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Usage, "cannot read '" + path + "'", {}, "check that the file exists and is readable");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {

constexpr int kMaxScriptDepth = 16;

std::string directory_of(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

class Preparer {
public:
    Preparer(ParseState& state, const PrepareOptions& options) : state_(state), options_(options) {
        context_ = options.compile;
    }

    void add(size_t input, int depth) {
        const ScriptInput& source = script_.inputs[input];
        std::vector<ast::Statement> statements;
        try {
            statements = parse_script(source.text, state_);
        } catch (Error& error) {
            error.diagnostic().origin = source.origin;
            throw;
        }
        for (ast::Statement& statement : statements) {
            try {
                visit(statement, input, depth);
            } catch (Error& error) {
                if (error.diagnostic().origin.empty()) error.diagnostic().origin = script_.inputs[input].origin;
                throw;
            }
        }
    }

    PreparedScript take() { return std::move(script_); }
    PreparedScript& script() { return script_; }

private:
    void visit(ast::Statement& statement, size_t input, int depth) {
        context_.dialect = statement.dialect;
        std::optional<CompiledConnector> compiled;
        if (auto* set = std::get_if<ast::SetProperty>(&statement.node)) {
            if (set->property.text == "connql.schema.registry.url") context_.schema_registry_url = set->value.text;
        } else if (auto* unset = std::get_if<ast::UnsetProperty>(&statement.node)) {
            if (unset->property.text == "connql.schema.registry.url") {
                context_.schema_registry_url = options_.compile.schema_registry_url;
            }
        } else if (auto* create = std::get_if<ast::CreateConnector>(&statement.node)) {
            compiled = compile_create(*create, context_);
        } else if (auto* explain = std::get_if<ast::Explain>(&statement.node)) {
            if (auto* target = std::get_if<ast::CreateConnector>(&explain->target)) {
                compiled = compile_create(*target, context_);
            }
        } else if (auto* validate = std::get_if<ast::Validate>(&statement.node)) {
            compiled = compile_create(validate->target, context_);
        } else if (auto* run = std::get_if<ast::RunScript>(&statement.node)) {
            include(*run, input, depth);
            return;  // its statements stand in its place
        }
        script_.statements.push_back({std::move(statement), input, std::move(compiled)});
    }

    void include(const ast::RunScript& run, size_t from, int depth) {
        if (depth >= kMaxScriptDepth) {
            throw Error(ErrorKind::Compile, "RUN SCRIPT nests more than " + std::to_string(kMaxScriptDepth) + " deep",
                        run.path.pos, "a script probably runs itself");
        }
        std::string path = run.path.text;
        if (!path.empty() && path[0] != '/') path = directory_of(script_.inputs[from].origin) + path;
        std::string text;
        try {
            text = options_.reader(path);
        } catch (const Error& error) {
            throw Error(ErrorKind::Compile, error.diagnostic().message, run.path.pos, error.diagnostic().hint);
        }
        script_.inputs.push_back({path, std::move(text)});
        add(script_.inputs.size() - 1, depth + 1);
    }

    PreparedScript script_;
    ParseState& state_;
    const PrepareOptions& options_;
    CompileContext context_;
};

}  // namespace

PreparedScript prepare(const std::vector<ScriptInput>& inputs, ParseState& state, const PrepareOptions& options) {
    ParseState working = state;  // a failed script leaves the session as it was
    Preparer preparer(working, options);
    size_t given = inputs.size();
    preparer.script().inputs = inputs;
    for (size_t i = 0; i < given; ++i) preparer.add(i, 0);
    state = std::move(working);
    return preparer.take();
}

std::string render_error(const Error& error, const std::vector<ScriptInput>& inputs) {
    const Diagnostic& d = error.diagnostic();
    for (const ScriptInput& input : inputs) {
        if (input.origin == d.origin) return render(d, Source{input.origin, input.text});
    }
    return render(d, Source{d.origin, {}});
}

}  // namespace connql

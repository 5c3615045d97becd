// Line editing at a terminal, over libedit (BSD licence; never GNU readline):
// emacs keys, arrows, word moves, history with Ctrl-R search, Tab completion
// through a callback, bracketed paste, and Ctrl-C that clears the line instead
// of killing the process.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

struct editline;
struct history;

namespace connql {

// What one read gave.
struct LineRead {
    std::string text;  // without the line break; may hold line breaks (a pasted or recalled statement)
};
struct LineInterrupted {  // Ctrl-C: what was on the line, which the caller discards
    std::string text;
};
struct EndOfInput {};     // Ctrl-D on an empty line (or the terminal went away)
using ReadResult = std::variant<LineRead, LineInterrupted, EndOfInput>;

// Tab: given the whole line and the cursor (a byte offset), the text to insert at
// the cursor (may be empty), and a listing to show under the line (may be empty).
struct TabAnswer {
    size_t replace = 0;     // bytes before the cursor that `insert` replaces
    std::string insert;
    std::vector<std::string> listing;  // lines shown under the prompt when there is a choice
};
using TabHandler = std::function<TabAnswer(const std::string& line, size_t cursor)>;

class LineEditor {
public:
    // `program` names the editor's settings in ~/.editrc. Takes the terminal on
    // in/out; the caller checked that they are terminals.
    LineEditor(const char* program, std::FILE* in, std::FILE* out);
    ~LineEditor();
    LineEditor(const LineEditor&) = delete;
    LineEditor& operator=(const LineEditor&) = delete;

    ReadResult read(const std::string& prompt);
    // An entry for Up/Down and Ctrl-R (the newest last); equal neighbours are kept once.
    void add_history(const std::string& entry);
    void on_tab(TabHandler handler) { tab_ = std::move(handler); }

private:
    static int read_key(editline* el, wchar_t* key);
    static unsigned char tab_key(editline* el, int ch);
    static unsigned char paste_start(editline* el, int ch);
    static const char* prompt_text(editline* el);
    static LineEditor& of(editline* el);

    editline* el_ = nullptr;
    history* history_ = nullptr;
    std::FILE* out_;
    int in_fd_;
    std::string prompt_;
    bool interrupted_ = false;
    TabHandler tab_;
};

}  // namespace connql

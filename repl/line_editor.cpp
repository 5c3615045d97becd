#include "repl/line_editor.h"

#include <histedit.h>

#include <cstring>

namespace connql {

namespace {

// Bracketed paste (xterm): the terminal wraps pasted text in these, so that a
// pasted Tab or line break is text, not a key.
constexpr const char* kPasteOn = "\033[?2004h";
constexpr const char* kPasteOff = "\033[?2004l";
constexpr const char* kPasteEnd = "\033[201~";

}  // namespace

LineEditor& LineEditor::of(editline* el) {
    void* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    return *static_cast<LineEditor*>(self);
}

const char* LineEditor::prompt_text(editline* el) { return of(el).prompt_.c_str(); }

LineEditor::LineEditor(const char* program, std::FILE* in, std::FILE* out) : out_(out) {
    el_ = el_init(program, in, out, stderr);
    history_ = history_init();
    HistEvent event;
    ::history(history_, &event, H_SETSIZE, 100000);  // the file bounds it (repl/history.h)
    ::history(history_, &event, H_SETUNIQUE, 1);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_EDITOR, "emacs");
    el_set(el_, EL_SIGNAL, 1);  // window size changes; the terminal restored on a fatal signal
    el_set(el_, EL_PROMPT, &LineEditor::prompt_text);
    el_set(el_, EL_HIST, ::history, history_);
    // Ctrl-C arrives as a key while editing (no SIGINT): it clears the line.
    el_set(el_, EL_SETTY, "-d", "-isig", nullptr);
    el_set(el_, EL_ADDFN, "connql-interrupt", "Discard the line", &LineEditor::interrupt_key);
    el_set(el_, EL_BIND, "^C", "connql-interrupt", nullptr);
    el_set(el_, EL_ADDFN, "connql-complete", "Complete the word", &LineEditor::tab_key);
    el_set(el_, EL_BIND, "^I", "connql-complete", nullptr);
    el_set(el_, EL_ADDFN, "connql-paste", "Insert pasted text as is", &LineEditor::paste_start);
    el_set(el_, EL_BIND, "\033[200~", "connql-paste", nullptr);
    el_set(el_, EL_BIND, "^R", "em-inc-search-prev", nullptr);
    el_set(el_, EL_BIND, "^S", "em-inc-search-next", nullptr);
    // Word moves and Home/End as xterm-style terminals send them.
    el_set(el_, EL_BIND, "\033[1;5C", "em-next-word", nullptr);
    el_set(el_, EL_BIND, "\033[1;5D", "ed-prev-word", nullptr);
    el_set(el_, EL_BIND, "\033[1;3C", "em-next-word", nullptr);
    el_set(el_, EL_BIND, "\033[1;3D", "ed-prev-word", nullptr);
    el_set(el_, EL_BIND, "\033[H", "ed-move-to-beg", nullptr);
    el_set(el_, EL_BIND, "\033[F", "ed-move-to-end", nullptr);
    el_set(el_, EL_BIND, "\033[1~", "ed-move-to-beg", nullptr);
    el_set(el_, EL_BIND, "\033[4~", "ed-move-to-end", nullptr);
    el_set(el_, EL_BIND, "\033[3~", "ed-delete-next-char", nullptr);
    el_source(el_, nullptr);  // the user's ~/.editrc may rebind any of it
}

LineEditor::~LineEditor() {
    if (el_ != nullptr) el_end(el_);
    if (history_ != nullptr) history_end(history_);
}

unsigned char LineEditor::interrupt_key(editline* el, int) {
    LineEditor& self = of(el);
    self.interrupted_ = true;
    const LineInfo* line = el_line(el);
    el_cursor(el, static_cast<int>(line->lastchar - line->cursor));
    el_insertstr(el, "^C");  // shown as bash shows it; the line is discarded anyway
    // Enter, as if typed: libedit's own newline ends the line on the screen too.
    el_push(el, "\n");
    return CC_REFRESH;
}

unsigned char LineEditor::tab_key(editline* el, int) {
    LineEditor& self = of(el);
    if (!self.tab_) return CC_ERROR;
    const LineInfo* info = el_line(el);
    std::string line(info->buffer, static_cast<size_t>(info->lastchar - info->buffer));
    size_t cursor = static_cast<size_t>(info->cursor - info->buffer);
    TabAnswer answer = self.tab_(line, cursor);
    if (answer.replace > 0) el_deletestr(el, static_cast<int>(std::min(answer.replace, cursor)));
    if (!answer.insert.empty()) el_insertstr(el, answer.insert.c_str());
    if (answer.listing.empty()) return answer.insert.empty() && answer.replace == 0 ? CC_REFRESH_BEEP : CC_REFRESH;
    std::fputs("\n", self.out_);
    for (const std::string& entry : answer.listing) std::fprintf(self.out_, "%s\n", entry.c_str());
    std::fflush(self.out_);
    return CC_REDISPLAY;
}

unsigned char LineEditor::paste_start(editline* el, int) {
    // Everything up to the end marker is text: Tabs and line breaks included.
    std::string pasted;
    const size_t end_size = std::strlen(kPasteEnd);
    char c = 0;
    while (el_getc(el, &c) == 1) {
        pasted += c;
        if (pasted.size() >= end_size && pasted.compare(pasted.size() - end_size, end_size, kPasteEnd) == 0) {
            pasted.resize(pasted.size() - end_size);
            break;
        }
    }
    for (char& ch : pasted) {
        if (ch == '\r') ch = '\n';
    }
    el_insertstr(el, pasted.c_str());
    return CC_REFRESH;
}

ReadResult LineEditor::read(const std::string& prompt) {
    prompt_ = prompt;
    interrupted_ = false;
    std::fputs(kPasteOn, out_);
    std::fflush(out_);
    int count = 0;
    const char* line = el_gets(el_, &count);
    std::fputs(kPasteOff, out_);
    std::fflush(out_);
    if (line == nullptr || count <= 0) return EndOfInput{};
    std::string text(line, static_cast<size_t>(count));
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (interrupted_) {
        if (text.size() >= 2 && text.compare(text.size() - 2, 2, "^C") == 0) text.resize(text.size() - 2);
        return LineInterrupted{text};
    }
    return LineRead{text};
}

void LineEditor::add_history(const std::string& entry) {
    HistEvent event;
    ::history(history_, &event, H_ENTER, entry.c_str());
}

}  // namespace connql

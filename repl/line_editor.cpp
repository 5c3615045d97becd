#include "repl/line_editor.h"

#include <histedit.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>

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

LineEditor::LineEditor(const char* program, std::FILE* in, std::FILE* out) : out_(out), in_fd_(fileno(in)) {
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
    // Ctrl-C arrives as a byte while editing (no SIGINT); our own reading turns it
    // into the end of a discarded line. (A key binding is not enough: libedit binds
    // the terminal's interrupt character anew when it first sets up the terminal.)
    el_set(el_, EL_SETTY, "-d", "-isig", nullptr);
    el_set(el_, EL_GETCFN, &LineEditor::read_key);
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
    // Ctrl-W and Ctrl-U as shells and readline have them (libedit's emacs map kills a region and the whole line).
    el_set(el_, EL_BIND, "^W", "ed-delete-prev-word", nullptr);
    el_set(el_, EL_BIND, "^U", "vi-kill-line-prev", nullptr);
    el_source(el_, nullptr);  // the user's ~/.editrc may rebind any of it
}

LineEditor::~LineEditor() {
    if (el_ != nullptr) el_end(el_);
    if (history_ != nullptr) history_end(history_);
}

int LineEditor::read_key(editline* el, wchar_t* key) {
    LineEditor& self = of(el);
    auto read_byte = [&](unsigned char& byte) -> int {
        while (true) {
            ssize_t n = ::read(self.in_fd_, &byte, 1);
            if (n == 1) return 1;
            if (n == 0) return 0;
            if (errno != EINTR) return -1;
        }
    };
    unsigned char first = 0;
    int got = read_byte(first);
    if (got != 1) return got;
    if (first == 0x03) {  // Ctrl-C: the line ends here, to be discarded
        self.interrupted_ = true;
        *key = L'\n';
        return 1;
    }
    // UTF-8: the lead byte says how many continuation bytes follow.
    int extra = first < 0x80 ? 0 : (first >> 5) == 0x6 ? 1 : (first >> 4) == 0xE ? 2 : (first >> 3) == 0x1E ? 3 : 0;
    char32_t code = extra == 0 ? first : extra == 1 ? (first & 0x1F) : extra == 2 ? (first & 0x0F) : (first & 0x07);
    for (int i = 0; i < extra; ++i) {
        unsigned char next = 0;
        if (read_byte(next) != 1) return -1;
        code = (code << 6) | (next & 0x3F);
    }
    *key = static_cast<wchar_t>(code);
    return 1;
}

unsigned char LineEditor::tab_key(editline* el, int) {
    LineEditor& self = of(el);
    if (!self.tab_) return CC_ERROR;
    const LineInfo* info = el_line(el);
    std::string line(info->buffer, static_cast<size_t>(info->lastchar - info->buffer));
    size_t cursor = static_cast<size_t>(info->cursor - info->buffer);
    TabAnswer answer;
    try {
        answer = self.tab_(line, cursor);
    } catch (const std::exception&) {
        return CC_REFRESH_BEEP;  // nothing to offer; an exception must not cross libedit's C frames
    }
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
    // Raw mode before the prompt shows: libedit would switch only at the first key
    // read, and a key typed in between would meet the cooked terminal (Ctrl-C a SIGINT).
    el_set(el_, EL_PREP_TERM, 1);
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
        std::fputs("^C\n", out_);  // as bash shows it
        std::fflush(out_);
        return LineInterrupted{text};
    }
    return LineRead{text};
}

void LineEditor::add_history(const std::string& entry) {
    HistEvent event;
    ::history(history_, &event, H_ENTER, entry.c_str());
}

}  // namespace connql

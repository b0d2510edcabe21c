// The only C header Trellis sees. SwiftPM drops pkg-config's -D flags, so the
// wide-character API must be switched on here, before <curses.h>.
#ifndef TRELLIS_CNCURSES_SHIM_H
#define TRELLIS_CNCURSES_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <curses.h>

// Attribute macros built from other macros do not import into Swift.
static inline attr_t trellis_a_normal(void) { return A_NORMAL; }
static inline attr_t trellis_a_bold(void) { return A_BOLD; }
static inline attr_t trellis_a_underline(void) { return A_UNDERLINE; }
static inline attr_t trellis_a_reverse(void) { return A_REVERSE; }
static inline attr_t trellis_a_dim(void) { return A_DIM; }
static inline attr_t trellis_a_italic(void) { return A_ITALIC; }

// C globals are not concurrency-safe in Swift 6; read them through functions.
static inline WINDOW *trellis_stdscr(void) { return stdscr; }
static inline int trellis_lines(void) { return LINES; }
static inline int trellis_cols(void) { return COLS; }
static inline int trellis_colors(void) { return COLORS; }
static inline int trellis_color_pairs(void) { return COLOR_PAIRS; }
// glibc declares wcwidth only under _XOPEN_SOURCE, which Swift's Glibc module is built without.
extern int wcwidth(wchar_t);

static inline FILE *trellis_stdin(void) { return stdin; }
static inline FILE *trellis_stdout(void) { return stdout; }

#endif

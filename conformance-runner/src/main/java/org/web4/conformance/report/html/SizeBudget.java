package org.web4.conformance.report.html;

/**
 * How much evidence text one page may hold, so that a run of 300 errors still opens quickly (issue
 * 16: under 2 MB). Each piece gets an equal share of the page's allowance, between a floor that
 * keeps a piece useful and a ceiling that keeps one piece from filling the screen; when the
 * allowance is spent, the remaining cases show their message only. What is cut says so on the page,
 * and report.json keeps it whole.
 */
final class SizeBudget {
  /** The characters of evidence the whole page may hold. */
  static final long PAGE_CHARS = 1_200_000;

  /** A piece is never cut below this many characters (while the page has room). */
  static final int PIECE_FLOOR = 800;

  /** A piece is never longer than this many characters. */
  static final int PIECE_CEILING = 16_000;

  /** Pieces a failing case shows, on average: request, reply, expected, one evidence piece. */
  private static final int PIECES_PER_CASE = 4;

  private final int pieceChars;
  private long left;

  private SizeBudget(int pieceChars, long left) {
    this.pieceChars = pieceChars;
    this.left = left;
  }

  /** The budget of a page showing the evidence of {@code failingCases} cases. */
  static SizeBudget forCases(int failingCases) {
    long share = PAGE_CHARS / ((long) Math.max(1, failingCases) * PIECES_PER_CASE);
    int piece = (int) Math.max(PIECE_FLOOR, Math.min(PIECE_CEILING, share));
    return new SizeBudget(piece, PAGE_CHARS);
  }

  /** A piece of text, cut to its share. */
  record Cut(String text, int wholeLength) {
    boolean isCut() {
      return text.length() < wholeLength;
    }
  }

  /** The longest a single piece may be. */
  int pieceChars() {
    return pieceChars;
  }

  /** Whether the page has no room left for evidence. */
  boolean spent() {
    return left <= 0;
  }

  /** {@code text}, cut to the piece share (and to what is left of the page), and charged. */
  Cut take(String text) {
    int limit = (int) Math.min(pieceChars, Math.max(0, left));
    String kept = text.length() <= limit ? text : text.substring(0, limit);
    left -= kept.length();
    return new Cut(kept, text.length());
  }

  /** Charges text the page shows whole (e.g. a diff window already bounded by the caller). */
  void charge(int chars) {
    left -= chars;
  }
}

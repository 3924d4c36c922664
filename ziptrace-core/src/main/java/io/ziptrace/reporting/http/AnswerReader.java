package io.ziptrace.reporting.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a collector's HTTP/1.1 answer to a POST: status line, headers, and the body, of which
 * only the start is kept for the log. Bounded throughout, so that a server that answers garbage
 * or without end costs a closed connection, never unbounded memory or time beyond the request
 * timeout.
 */
final class AnswerReader {
  /** How much of a body is kept for the log; the rest is read and dropped. */
  static final int MAX_KEPT_BODY_BYTES = 8192;
  /** A body longer than this is not read to its end: the connection is closed instead. */
  static final long MAX_DRAINED_BODY_BYTES = 1 << 20;
  private static final int MAX_LINE_BYTES = 8192;
  private static final int MAX_HEADER_LINES = 100;
  private static final int MAX_INTERIM_ANSWERS = 10;

  private final InputStream in;
  private boolean started;

  /** Reads from {@code in}, which should be buffered: lines are read a byte at a time. */
  AnswerReader(InputStream in) {
    this.in = in;
  }

  /**
   * Whether any byte of the answer being read arrived: until then a failure may mean that the collector
   * closed an idle connection before reading the request.
   */
  boolean started() {
    return started;
  }

  /**
   * Reads one answer, skipping interim (1xx) ones.
   *
   * @throws IOException when the connection fails or closes before the answer ends, or the answer
   *     is not HTTP/1.x (the message says which)
   */
  Answer read() throws IOException {
    started = false;
    for (int interim = 0; interim <= MAX_INTERIM_ANSWERS; interim++) {
      String statusLine = readLine();
      int status = status(statusLine);
      Headers headers = readHeaders();
      if (status >= 200) return new Answer(answer(status, headers), reusable(statusLine, headers));
    }
    throw new IOException("malformed answer: more than " + MAX_INTERIM_ANSWERS + " interim (1xx) answers");
  }

  private CollectorAnswer answer(int status, Headers headers) throws IOException {
    String body;
    if (status == 204 || status == 304) {
      body = "";
    } else if (headers.chunked) {
      body = readChunked();
    } else if (headers.contentLength >= 0) {
      body = readKnownLength(headers.contentLength);
    } else {
      body = readUntilClosed();
    }
    return new CollectorAnswer(status, headers.retryAfter, headers.location, status / 100 == 2 ? "" : body);
  }

  /** Whether the connection can carry another request once this answer is read to its end. */
  private static boolean reusable(String statusLine, Headers headers) {
    if (headers.close || statusLine.startsWith("HTTP/1.0")) return false;
    return headers.chunked || headers.contentLength >= 0 && headers.contentLength <= MAX_DRAINED_BODY_BYTES;
  }

  private static int status(String statusLine) throws IOException {
    // "HTTP/1.1 202 Accepted": the reason phrase is optional
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
      throw new IOException("malformed answer: not HTTP/1.x: " + printable(statusLine));
    }
    try {
      int status = Integer.parseInt(statusLine.substring(9, 12));
      if (status >= 100) return status;
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IOException("malformed answer: bad status line: " + printable(statusLine));
  }

  private Headers readHeaders() throws IOException {
    Headers headers = new Headers();
    for (int lines = 0; lines <= MAX_HEADER_LINES; lines++) {
      String line = readLine();
      if (line.isEmpty()) return headers;
      int colon = line.indexOf(':');
      if (colon <= 0) throw new IOException("malformed answer: bad header line: " + printable(line));
      headers.add(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    throw new IOException("malformed answer: more than " + MAX_HEADER_LINES + " header lines");
  }

  private String readKnownLength(long length) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long toRead = Math.min(length, MAX_DRAINED_BODY_BYTES);
    copy(toRead, kept);
    return kept.toString(StandardCharsets.UTF_8);
  }

  private String readChunked() throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long total = 0;
    while (true) {
      String sizeLine = readLine();
      int extension = sizeLine.indexOf(';');
      long size;
      try {
        size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed answer: bad chunk size: " + printable(sizeLine));
      }
      if (size < 0) throw new IOException("malformed answer: bad chunk size: " + printable(sizeLine));
      if (size == 0) break;
      total += size;
      if (total > MAX_DRAINED_BODY_BYTES) throw new IOException("answer body over " + MAX_DRAINED_BODY_BYTES + " bytes");
      copy(size, kept);
      if (!readLine().isEmpty()) throw new IOException("malformed answer: chunk longer than its size");
    }
    readHeaders(); // the trailer, ignored
    return kept.toString(StandardCharsets.UTF_8);
  }

  private String readUntilClosed() throws IOException {
    byte[] kept = in.readNBytes(MAX_KEPT_BODY_BYTES);
    return new String(kept, StandardCharsets.UTF_8); // the connection is not reused: the rest is left unread
  }

  /** Reads {@code length} bytes, keeping the first of them in {@code kept}. */
  private void copy(long length, ByteArrayOutputStream kept) throws IOException {
    byte[] chunk = new byte[(int) Math.min(length, 4096)];
    for (long left = length; left > 0; ) {
      int read = in.read(chunk, 0, (int) Math.min(left, chunk.length));
      if (read < 0) throw new EOFException("connection closed by the collector before the answer's end");
      int keep = Math.min(read, MAX_KEPT_BODY_BYTES - kept.size());
      if (keep > 0) kept.write(chunk, 0, keep);
      left -= read;
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) throw new EOFException(started ? "connection closed by the collector mid-answer" : "end of file before any answer");
      started = true;
      if (b == '\n') break;
      if (line.length() >= MAX_LINE_BYTES) throw new IOException("malformed answer: line over " + MAX_LINE_BYTES + " bytes");
      line.append((char) b);
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
    return line.toString();
  }

  private static String printable(String text) {
    String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** The answer and whether its connection can carry the next request. */
  record Answer(CollectorAnswer answer, boolean reusable) {}

  /** The headers an answer's handling depends on. */
  private static final class Headers {
    long contentLength = -1;
    boolean chunked;
    boolean close;
    String retryAfter;
    String location;

    void add(String name, String value) throws IOException {
      switch (name) {
        case "content-length":
          try {
            contentLength = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IOException("malformed answer: Content-Length " + printable(value));
          }
          if (contentLength < 0) throw new IOException("malformed answer: Content-Length " + printable(value));
          break;
        case "transfer-encoding":
          chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
          break;
        case "connection":
          close = value.toLowerCase(Locale.ROOT).contains("close");
          break;
        case "retry-after":
          retryAfter = value;
          break;
        case "location":
          location = value;
          break;
        default:
          break;
      }
    }
  }
}

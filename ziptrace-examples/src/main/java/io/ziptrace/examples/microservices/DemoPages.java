package io.ziptrace.examples.microservices;

import io.ziptrace.examples.HttpPages;

/** The demo's page for people (answers are written by {@link HttpPages}). */
final class DemoPages {
  private DemoPages() {}

  /** The front page: the call tree of this request and a link to its trace in Zipkin. */
  static String frontPage(String tree, String traceId, String traceUrl) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ziptrace demo</title></head><body>\n"
        + "<h1>ziptrace microservices demo</h1>\n"
        + "<p>This request went through these services:</p>\n<pre id=\"tree\">" + HttpPages.escape(tree) + "</pre>\n"
        + "<p>Trace <code id=\"trace-id\">" + traceId + "</code>: <a id=\"trace-link\" href=\"" + HttpPages.escape(traceUrl)
        + "\">see it in Zipkin</a></p>\n</body></html>\n";
  }
}

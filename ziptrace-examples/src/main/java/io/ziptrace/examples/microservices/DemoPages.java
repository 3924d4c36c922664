package io.ziptrace.examples.microservices;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The demo's HTTP answers: plain text between services, an HTML page for people. */
final class DemoPages {
  private DemoPages() {}

  static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The front page: the call tree of this request and a link to its trace in Zipkin. */
  static String frontPage(String tree, String traceId, String traceUrl) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ziptrace demo</title></head><body>\n"
        + "<h1>ziptrace microservices demo</h1>\n"
        + "<p>This request went through these services:</p>\n<pre id=\"tree\">" + escape(tree) + "</pre>\n"
        + "<p>Trace <code id=\"trace-id\">" + traceId + "</code>: <a id=\"trace-link\" href=\"" + escape(traceUrl)
        + "\">see it in Zipkin</a></p>\n</body></html>\n";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

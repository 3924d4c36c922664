package io.ziptrace.examples.kafka;

import io.ziptrace.examples.HttpPages;

/** The demo's page for people (answers are written by {@link HttpPages}). */
final class Pages {
  private Pages() {}

  /** The front page: what happened to the order, and a link to its trace in Zipkin. */
  static String orderPage(String orderId, String traceId, String traceUrl) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ziptrace Kafka demo</title></head><body>\n"
        + "<h1>ziptrace Kafka demo</h1>\n"
        + "<p>" + OrderService.NAME + " placed <code id=\"order-id\">" + HttpPages.escape(orderId) + "</code> and published it on"
        + " Kafka topic <code>" + KafkaDemo.ORDERS_TOPIC + "</code>; " + FulfillmentService.NAME
        + " consumes it and reserves its items at " + InventoryService.NAME + " over HTTP. Reload to place another.</p>\n"
        + "<p>Trace <code id=\"trace-id\">" + traceId + "</code>: <a id=\"trace-link\" href=\"" + HttpPages.escape(traceUrl)
        + "\">see it in Zipkin</a> (its spans reach Zipkin through Kafka too, so the consumer's part"
        + " may take a few seconds to appear)</p>\n</body></html>\n";
  }
}

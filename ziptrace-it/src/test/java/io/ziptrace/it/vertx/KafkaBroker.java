package io.ziptrace.it.vertx;

import io.ziptrace.kafka.testing.LocalKafka;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process broker for the test class that registers it as a static extension, started
 * before its first test and stopped after its last, with one topic per test.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
  private LocalKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    kafka = LocalKafka.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (kafka != null) kafka.close();
  }

  /** Where clients reach the broker. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Creates a topic of one partition named after the test method, and returns its name. */
  public String topic(TestInfo test) throws Exception {
    String topic = test.getTestMethod().orElseThrow().getName();
    kafka.createTopic(topic, 1);
    return topic;
  }
}

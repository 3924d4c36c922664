package io.ziptrace.examples.spring;

import io.ziptrace.examples.Demo;
import io.ziptrace.examples.run.ExampleModule;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The Spring Boot example as {@code run-example --example spring} runs it: the {@link SpringDemo}. */
public final class SpringExample implements ExampleModule {
  /** Made by {@link java.util.ServiceLoader}. */
  public SpringExample() {}

  @Override
  public String name() {
    return "spring";
  }

  @Override
  public Demo start(URI zipkinBase) {
    return SpringDemo.start(zipkinBase);
  }

  @Override
  public int spansPerRequest() {
    return SpringDemo.SPANS_PER_REQUEST;
  }

  @Override
  public int spansOfOwnTrace() {
    return SpringDemo.SPANS_OF_SCHEDULED_JOB;
  }

  @Override
  public Optional<String> ownTraceId(Demo demo, Duration timeout) throws InterruptedException {
    return Optional.ofNullable(((SpringDemo) demo).scheduledTraceId(timeout));
  }

  @Override
  public String ownTraceName() {
    return "The backend's scheduled job";
  }
}

package io.ziptrace.examples.kafka;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Lets a service's work in progress finish before its tracer closes, so its spans are finished too. */
final class Shutdown {
  private Shutdown() {}

  static void awaitTermination(ExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) executor.shutdownNow();
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

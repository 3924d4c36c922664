package io.ziptrace.http.jdk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Keeps the messages logged under one logger while open: System.Logger writes to
 * java.util.logging in these tests, and a logger's filter sees every record logged to it.
 */
final class LogLines implements AutoCloseable {
  private final Logger logger;
  private final Filter previous;
  final List<String> messages = new CopyOnWriteArrayList<>();

  LogLines(Class<?> loggedBy) {
    this.logger = Logger.getLogger(loggedBy.getName());
    this.previous = logger.getFilter();
    logger.setFilter(record -> {
      messages.add(record.getMessage());
      return previous == null || previous.isLoggable(record);
    });
  }

  @Override
  public void close() {
    logger.setFilter(previous);
  }
}

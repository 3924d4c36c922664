package io.ziptrace;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How a throwable becomes the {@code error} tag. */
final class SpanErrors {
  private SpanErrors() {}

  /** Strips the wrappers that futures add around the real failure. */
  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The message, or the simple class name when the message is null or empty. */
  static String errorTagValue(Throwable error) {
    String message = error.getMessage();
    if (message != null && !message.isEmpty()) return message;
    String simpleName = error.getClass().getSimpleName();
    return simpleName.isEmpty() ? error.getClass().getName() : simpleName;
  }
}

package io.ziptrace.reporting;

import io.ziptrace.encoding.Encoding;

/** Checks a {@link Sender}'s answers when a reporter is built, failing with what the sender must do. */
final class SenderChecks {
  private SenderChecks() {}

  /** The sender's encoding, which must not be null. */
  static Encoding encoding(Sender sender) {
    Encoding encoding = sender.encoding();
    if (encoding == null) {
      throw new IllegalArgumentException(sender.getClass().getName() + ".encoding() returned null: a Sender must say "
          + "which encoding its messages are in (Encoding.JSON or Encoding.PROTO3)");
    }
    return encoding;
  }

  /** The sender's largest message, which must be at least {@code min} bytes. */
  static int messageMaxBytes(Sender sender, int min) {
    int max = sender.messageMaxBytes();
    if (max < min) {
      throw new IllegalArgumentException(sender.getClass().getName() + ".messageMaxBytes() returned " + max
          + ": a Sender must take messages of at least " + min + " bytes, or no span would fit");
    }
    return max;
  }
}

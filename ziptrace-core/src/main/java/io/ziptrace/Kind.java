package io.ziptrace;

/** The role a span plays in a remote call or a message exchange, as Zipkin understands it. */
public enum Kind {
  /** The caller's side of a remote call; timestamp is when the request was sent. */
  CLIENT,
  /** The callee's side of a remote call; timestamp is when the request was received. */
  SERVER,
  /** Sending a message to a broker; duration is the time to hand it over. */
  PRODUCER,
  /** Receiving a message from a broker; duration is the time to process it. */
  CONSUMER
}

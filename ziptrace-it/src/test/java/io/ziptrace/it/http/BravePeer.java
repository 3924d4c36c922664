package io.ziptrace.it.http;

import brave.Tracing;
import brave.propagation.B3Propagation;
import brave.propagation.Propagation;
import brave.sampler.Sampler;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/** A Brave tracer reporting to the same Zipkin, as another team's service would. */
public final class BravePeer implements AutoCloseable {
  /** Brave, sampling every trace. */
  public final Tracing tracing;
  private final URLConnectionSender sender;
  private final AsyncZipkinSpanHandler handler;

  /** Brave as {@code serviceName}, reporting to the Zipkin collector at {@code spansUrl}. */
  public BravePeer(String serviceName, String spansUrl) {
    this(serviceName, spansUrl, B3Propagation.FACTORY);
  }

  /**
   * Brave as {@code serviceName}, reporting to the Zipkin collector at {@code spansUrl} and
   * propagating with {@code propagation} (e.g. B3 with baggage fields).
   */
  public BravePeer(String serviceName, String spansUrl, Propagation.Factory propagation) {
    sender = URLConnectionSender.create(spansUrl);
    handler = AsyncZipkinSpanHandler.create(sender);
    tracing = Tracing.newBuilder().localServiceName(serviceName).sampler(Sampler.ALWAYS_SAMPLE)
        .propagationFactory(propagation).addSpanHandler(handler).build();
  }

  /** Sends what Brave has finished and stops it. */
  @Override
  public void close() {
    tracing.close();
    handler.flush();
    handler.close();
    sender.close();
  }
}

package io.ziptrace.it.http;

import com.sun.net.httpserver.Headers;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.net.http.HttpRequest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service instrumented with the OpenTelemetry SDK, as another team's would be: its tracer,
 * OpenTelemetry's own W3C Trace Context and Baggage propagators, and the spans it ended (kept in
 * memory: OpenTelemetry does not report to Zipkin here).
 */
final class OtelPeer implements AutoCloseable {
  /** traceparent and tracestate, then baggage: what an OpenTelemetry service sends by default. */
  static final TextMapPropagator PROPAGATOR =
      TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

  /** Reads a JDK server's request headers, every value of a repeated one included. */
  static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Headers headers) {
      return headers.keySet();
    }

    @Override
    public String get(Headers headers, String key) {
      return headers == null ? null : headers.getFirst(key);
    }

    @Override
    public Iterator<String> getAll(Headers headers, String key) {
      List<String> values = headers == null ? null : headers.get(key);
      return values == null ? java.util.Collections.emptyIterator() : values.iterator();
    }
  };

  private final SdkTracerProvider provider;
  private final io.opentelemetry.api.trace.Tracer tracer;
  private final List<SpanData> ended = new CopyOnWriteArrayList<>();

  private OtelPeer(String name, Sampler sampler, IdGenerator ids) {
    provider = SdkTracerProvider.builder().setSampler(sampler).setIdGenerator(ids).addSpanProcessor(new Recorder()).build();
    tracer = provider.get(name);
  }

  /** OpenTelemetry with its defaults: parent-based always-on sampling, random ids. */
  static OtelPeer create(String name) {
    return new OtelPeer(name, Sampler.parentBased(Sampler.alwaysOn()), IdGenerator.random());
  }

  /**
   * OpenTelemetry whose root spans carry {@code traceState}, as when another vendor's entries are
   * in the list (a sampler may set the trace state of the spans it samples).
   */
  static OtelPeer withRootTraceState(String name, TraceState traceState) {
    return new OtelPeer(name, new TraceStateSampler(traceState), IdGenerator.random());
  }

  /** OpenTelemetry whose trace ids are random in their upper half and zero in their lower half. */
  static OtelPeer withZeroLowerHalfTraceIds(String name) {
    return new OtelPeer(name, Sampler.alwaysOn(), new ZeroLowerHalfIds());
  }

  /** The tracer of this service. */
  io.opentelemetry.api.trace.Tracer tracer() {
    return tracer;
  }

  /**
   * Writes {@code context}'s headers onto {@code request} with OpenTelemetry's propagators, and
   * returns them as sent.
   */
  static Map<String, String> inject(Context context, HttpRequest.Builder request) {
    Map<String, String> sent = new LinkedHashMap<>();
    PROPAGATOR.inject(context, sent, (carrier, key, value) -> carrier.put(key, value));
    sent.forEach(request::setHeader);
    return sent;
  }

  /** The context OpenTelemetry's propagators read from a JDK server's request headers. */
  static Context extract(Headers headers) {
    return PROPAGATOR.extract(Context.root(), headers, HEADERS);
  }

  /** The spans this service ended, in order. */
  List<SpanData> ended() {
    return ended;
  }

  /** The one span this service ended of {@code kind}; fails unless there is exactly one. */
  SpanData onlyEnded(SpanKind kind) {
    List<SpanData> ofKind = ended.stream().filter(s -> s.getKind() == kind).toList();
    if (ofKind.size() != 1) throw new AssertionError("expected one " + kind + " span, OpenTelemetry ended " + ended);
    return ofKind.get(0);
  }

  @Override
  public void close() {
    provider.close();
  }

  private final class Recorder implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  /** Samples every span; a root span gets the given trace state, a child keeps its parent's. */
  private static final class TraceStateSampler implements Sampler {
    private final TraceState traceState;

    TraceStateSampler(TraceState traceState) {
      this.traceState = traceState;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
        Attributes attributes, List<LinkData> parentLinks) {
      boolean root = !io.opentelemetry.api.trace.Span.fromContext(parentContext).getSpanContext().isValid();
      return new SamplingResult() {
        @Override
        public SamplingDecision getDecision() {
          return SamplingDecision.RECORD_AND_SAMPLE;
        }

        @Override
        public Attributes getAttributes() {
          return Attributes.empty();
        }

        @Override
        public TraceState getUpdatedTraceState(TraceState parentTraceState) {
          return root ? traceState : parentTraceState;
        }
      };
    }

    @Override
    public String getDescription() {
      return "TraceStateSampler{" + traceState + "}";
    }
  }

  /** Trace ids whose lower 64 bits are zero, which W3C Trace Context allows; random span ids. */
  private static final class ZeroLowerHalfIds implements IdGenerator {
    private final IdGenerator random = IdGenerator.random();

    @Override
    public String generateSpanId() {
      return random.generateSpanId();
    }

    @Override
    public String generateTraceId() {
      return random.generateTraceId().substring(0, 16) + "0000000000000000";
    }
  }
}

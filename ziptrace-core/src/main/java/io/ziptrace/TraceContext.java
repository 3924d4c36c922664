package io.ziptrace;

import io.ziptrace.internal.Hex;

/**
 * The identity of a span within a trace, and the sampling decision that travels with it.
 *
 * <p>An immutable value: pass it explicitly to wherever work continues (another thread, a
 * callback, an outgoing request). ziptrace never stores it in a thread-local.
 *
 * <p>A trace id is 64-bit ({@link #traceIdHigh()} is zero) or 128-bit; its hex form is 16 or 32
 * lowercase characters respectively. It is never zero as a whole (a 128-bit id may have a zero
 * lower half, as W3C Trace Context allows); a span id is never zero.
 *
 * <p>Besides the ids and the sampling decision, a context carries what travels with the trace:
 * its {@link #baggage(BaggageField) baggage} values, and the W3C {@link #traceState()} and
 * random-trace-id flag received from the caller, which children inherit and outgoing {@code
 * traceparent} headers repeat. {@link #equals} compares the ids and the sampling, debug and shared
 * flags only.
 */
public final class TraceContext {
  private static final byte FLAG_SAMPLED_DECIDED = 1;
  private static final byte FLAG_SAMPLED = 2;
  private static final byte FLAG_DEBUG = 4;
  private static final byte FLAG_SHARED = 8;
  private static final byte FLAG_RANDOM_TRACE_ID = 16;

  private final long traceIdHigh;
  private final long traceId;
  private final long parentId;
  private final long spanId;
  private final byte flags;
  private final TraceExtras extras; // baggage and tracestate, in one field so a context stays at 64 bytes

  // Hex forms, written on first use and kept: log correlation and header injection ask for them
  // again and again. A racy cache is safe because every thread computes the same immutable String.
  private String traceIdString;
  private String spanIdString;
  private String parentIdString;

  private TraceContext(Builder b) {
    this.traceIdHigh = b.traceIdHigh;
    this.traceId = b.traceId;
    this.parentId = b.parentId;
    this.spanId = b.spanId;
    this.flags = b.flags;
    this.traceIdString = b.traceIdString;
    this.extras = TraceExtras.of(b.baggage, b.traceState, b.extras);
  }

  /** Returns a builder for a context; trace id and span id are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialised with this context's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.traceIdHigh = traceIdHigh;
    b.traceId = traceId;
    b.parentId = parentId;
    b.spanId = spanId;
    b.flags = flags;
    b.traceIdString = traceIdString;
    b.extras = extras;
    b.traceState = extras.traceState;
    b.baggage = extras.baggage;
    return b;
  }

  /** The upper 64 bits of a 128-bit trace id, or zero for a 64-bit trace id. */
  public long traceIdHigh() {
    return traceIdHigh;
  }

  /**
   * The lower 64 bits of the trace id (the whole id when it is 64-bit). Never zero for a 64-bit
   * id; may be zero for a 128-bit one.
   */
  public long traceId() {
    return traceId;
  }

  /** The parent span's id, or zero when this is the root span of the trace. */
  public long parentId() {
    return parentId;
  }

  /** This span's id. Never zero. */
  public long spanId() {
    return spanId;
  }

  /** True when the trace id is 128 bits long. */
  public boolean is128Bit() {
    return traceIdHigh != 0L;
  }

  /**
   * The sampling decision: {@code TRUE} to record and report, {@code FALSE} to not, {@code null}
   * when no decision has been made yet (the receiver's sampler decides).
   */
  public Boolean sampled() {
    if ((flags & FLAG_SAMPLED_DECIDED) == 0) return null;
    return (flags & FLAG_SAMPLED) != 0 ? Boolean.TRUE : Boolean.FALSE;
  }

  /** True when the trace is sampled: {@code sampled() == TRUE}, which includes debug traces. */
  public boolean isSampled() {
    return (flags & FLAG_SAMPLED) != 0;
  }

  /** True when the trace is forced to be recorded and kept by the collector (B3 flags 1). */
  public boolean debug() {
    return (flags & FLAG_DEBUG) != 0;
  }

  /**
   * True when this span id was created by the caller and is shared with it: the server side of
   * an RPC that joined the client's span.
   */
  public boolean shared() {
    return (flags & FLAG_SHARED) != 0;
  }

  /**
   * Whether the trace carries W3C Trace Context Level 2's random-trace-id flag (at least the
   * right-most 7 bytes of the trace id are random): kept from an incoming {@code traceparent}, so outgoing
   * ones of the same trace say the same. Traces this tracer starts do not set it (their ids are
   * random, but peers that read only Level 1's flags would refuse them; see the guide).
   */
  public boolean randomTraceId() {
    return (flags & FLAG_RANDOM_TRACE_ID) != 0;
  }

  /**
   * The W3C {@code tracestate} list received with this trace's {@code traceparent} (other tracing
   * systems' entries), validated and ready to send on unchanged with every outgoing {@code
   * traceparent} of the trace; null when none came.
   */
  public String traceState() {
    return extras.traceState;
  }

  /** The value of baggage {@code field} in this context, or null when it has none. */
  public String baggage(BaggageField field) {
    return field == null ? null : extras.baggage.get(field);
  }

  /**
   * Every baggage value in this context, field name to value, in the order they were set; an
   * unmodifiable map, empty when there is none. E.g. to copy into a logging MDC.
   */
  public java.util.Map<String, String> baggage() {
    return extras.baggage.asMap();
  }

  /**
   * This context with baggage {@code field} set to {@code value} (removed when {@code value} is
   * null); this context itself is unchanged. Spans started from the result, and requests made with
   * it, carry the value. A null {@code field} is ignored.
   */
  public TraceContext withBaggage(BaggageField field, String value) {
    if (field == null) return this;
    BaggageValues changed = extras.baggage.with(field, value);
    return changed == extras.baggage ? this : toBuilder().baggageValues(changed).build();
  }

  /**
   * This context without any baggage: for a call to a destination that must not see it (a third
   * party), whatever the fields declared. The trace continues as before.
   */
  public TraceContext withoutBaggage() {
    return extras.baggage.isEmpty() ? this : toBuilder().baggageValues(BaggageValues.EMPTY).build();
  }

  /** The trace id as 16 or 32 lowercase hex characters. */
  public String traceIdString() {
    String hex = traceIdString;
    if (hex == null) traceIdString = hex = Hex.toTraceIdHex(traceIdHigh, traceId);
    return hex;
  }

  /** The span id as 16 lowercase hex characters. */
  public String spanIdString() {
    String hex = spanIdString;
    if (hex == null) spanIdString = hex = Hex.toHex16(spanId);
    return hex;
  }

  /** The parent id as 16 lowercase hex characters, or {@code null} for a root span. */
  public String parentIdString() {
    if (parentId == 0L) return null;
    String hex = parentIdString;
    if (hex == null) parentIdString = hex = Hex.toHex16(parentId);
    return hex;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    if (!(o instanceof TraceContext)) return false;
    TraceContext that = (TraceContext) o;
    return traceIdHigh == that.traceIdHigh
        && traceId == that.traceId
        && parentId == that.parentId
        && spanId == that.spanId
        && (flags & ~FLAG_RANDOM_TRACE_ID) == (that.flags & ~FLAG_RANDOM_TRACE_ID);
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(traceIdHigh);
    h = h * 31 + Long.hashCode(traceId);
    h = h * 31 + Long.hashCode(parentId);
    h = h * 31 + Long.hashCode(spanId);
    return h * 31 + (flags & ~FLAG_RANDOM_TRACE_ID);
  }

  /** Returns {@code traceId/spanId} plus the parent and flags, for logs and debugging. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(96).append(traceIdString()).append('/').append(spanIdString());
    if (parentId != 0L) sb.append(" parent=").append(parentIdString());
    Boolean sampled = sampled();
    if (sampled != null) sb.append(" sampled=").append(sampled);
    if (debug()) sb.append(" debug");
    if (shared()) sb.append(" shared");
    if (!extras.baggage.isEmpty()) sb.append(" baggage=").append(extras.baggage);
    return sb.toString();
  }

  /** Builds a {@link TraceContext}. Not thread-safe. */
  public static final class Builder {
    private long traceIdHigh;
    private long traceId;
    private long parentId;
    private long spanId;
    private byte flags;
    private String traceIdString; // carried from toBuilder() while the trace id is unchanged
    private String traceState;
    private BaggageValues baggage = BaggageValues.EMPTY;
    private TraceExtras extras = TraceExtras.NONE; // the source context's, reused when nothing changed
    private BaggageValues.Editor baggageEdits; // set by baggage(..) until build(): one copy for several fields

    private Builder() {}

    /** Sets a 64-bit trace id (non-zero). */
    public Builder traceId(long traceId) {
      return traceId(0L, traceId);
    }

    /**
     * Sets a 128-bit trace id, not zero as a whole; {@code high} zero means a 64-bit id, which
     * {@code low} must then not be zero.
     */
    public Builder traceId(long high, long low) {
      this.traceIdHigh = high;
      this.traceId = low;
      this.traceIdString = null;
      return this;
    }

    /** Sets the span id (non-zero). */
    public Builder spanId(long spanId) {
      this.spanId = spanId;
      return this;
    }

    /** Sets the parent span id; zero means this is a root span. */
    public Builder parentId(long parentId) {
      this.parentId = parentId;
      return this;
    }

    /** Sets the sampling decision; {@code null} leaves it undecided. */
    public Builder sampled(Boolean sampled) {
      flags &= ~(FLAG_SAMPLED_DECIDED | FLAG_SAMPLED);
      if (sampled != null) {
        flags |= FLAG_SAMPLED_DECIDED;
        if (sampled) flags |= FLAG_SAMPLED;
      }
      if (sampled == null || !sampled) flags &= ~FLAG_DEBUG;
      return this;
    }

    /** Marks the trace as debug, which also makes it sampled. */
    public Builder debug(boolean debug) {
      if (debug) {
        flags |= FLAG_DEBUG | FLAG_SAMPLED_DECIDED | FLAG_SAMPLED;
      } else {
        flags &= ~FLAG_DEBUG;
      }
      return this;
    }

    /** Whether the trace id's right-most 7 bytes are random (W3C's random-trace-id flag). */
    public Builder randomTraceId(boolean randomTraceId) {
      if (randomTraceId) {
        flags |= FLAG_RANDOM_TRACE_ID;
      } else {
        flags &= ~FLAG_RANDOM_TRACE_ID;
      }
      return this;
    }

    /**
     * The W3C {@code tracestate} list to send on with this trace, as received and validated, or
     * null for none. Not validated here: propagation validates what it reads.
     */
    public Builder traceState(String traceState) {
      this.traceState = traceState;
      return this;
    }

    /** Sets baggage {@code field} to {@code value}, or removes it when {@code value} is null. */
    public Builder baggage(BaggageField field, String value) {
      java.util.Objects.requireNonNull(field, "field");
      if (baggageEdits == null) baggageEdits = baggage.edit(4);
      baggageEdits.set(field, value);
      return this;
    }

    Builder baggageValues(BaggageValues baggage) {
      this.baggage = baggage;
      this.baggageEdits = null;
      return this;
    }

    /** Marks the span id as shared with the remote caller (a joined server span). */
    public Builder shared(boolean shared) {
      if (shared) {
        flags |= FLAG_SHARED;
      } else {
        flags &= ~FLAG_SHARED;
      }
      return this;
    }

    /**
     * Returns the context.
     *
     * @throws IllegalArgumentException when the trace id (as a whole) or span id is zero
     */
    public TraceContext build() {
      if (traceId == 0L && traceIdHigh == 0L) throw new IllegalArgumentException("traceId must not be zero");
      if (spanId == 0L) throw new IllegalArgumentException("spanId must not be zero");
      if (baggageEdits != null) {
        baggage = baggageEdits.done();
        baggageEdits = null;
      }
      return new TraceContext(this);
    }
  }
}

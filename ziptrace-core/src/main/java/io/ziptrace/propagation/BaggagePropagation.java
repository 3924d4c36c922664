package io.ziptrace.propagation;

import io.ziptrace.BaggageField;
import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A trace propagation (B3, W3C, ...) that also carries the remote {@link BaggageField}s declared
 * on a tracer: in the W3C {@code baggage} header, and in each field's own headers ({@link
 * BaggageField#withHeader}); with a trace format that does not write {@code traceparent} (B3
 * alone), a value sent in headers of its own is not repeated in the {@code baggage} header,
 * which then carries only the values that have no other way out. Only declared remote
 * fields are read and written: other keys that
 * arrive are dropped, never passed on, and local fields never leave the process. Baggage that
 * arrives without a trace context is kept for the trace the receiver starts.
 *
 * <p>ziptrace's adapters wrap their propagation with the tracer's fields themselves; wrap one
 * yourself only for a transport that ziptrace does not instrument:
 *
 * <pre>{@code
 * Propagation propagation = BaggagePropagation.wrap(B3Propagation.multi(), tracer.baggageFields());
 * }</pre>
 *
 * <p>Limits, as the W3C Baggage specification sets them: an incoming {@code baggage} header over
 * 8,192 bytes or 64 members is handled as that specification says, a malformed member is
 * dropped whole, and an outgoing header never passes either limit (members that would are left
 * out whole). A field's own header is read only when it holds at most {@value #MAX_HEADER_VALUE}
 * characters, none of them a control character, and written under the same rule.
 */
public final class BaggagePropagation implements Propagation {
  static final String BAGGAGE = "baggage";
  /** The longest value read from or written to a field's own header. */
  static final int MAX_HEADER_VALUE = 4096;

  private final Propagation traceFormat;
  private final BaggageField[] remoteFields;
  /** Each remote field's position in {@link #remoteFields}, by name. */
  private final Map<String, Integer> indexByName;
  private final List<String> keys;
  /** Whether the trace format writes {@code traceparent} for a context: W3C peers read the baggage header. */
  private final Predicate<TraceContext> w3cPeers;

  private BaggagePropagation(Propagation traceFormat, List<BaggageField> remoteFields) {
    this.traceFormat = traceFormat;
    this.remoteFields = remoteFields.toArray(new BaggageField[0]);
    this.indexByName = new HashMap<>();
    LinkedHashSet<String> allKeys = new LinkedHashSet<>(traceFormat.keys());
    allKeys.add(BAGGAGE);
    for (int i = 0; i < this.remoteFields.length; i++) {
      indexByName.put(this.remoteFields[i].name(), i);
      allKeys.addAll(this.remoteFields[i].headerNames());
    }
    this.keys = List.copyOf(allKeys);
    this.w3cPeers = TraceparentWritten.by(traceFormat);
  }

  /**
   * {@code traceFormat} carrying the remote fields among {@code declared} too; {@code
   * traceFormat} itself when there is none, so that a tracer without baggage pays nothing, and
   * when it is {@link Propagation#none()}, which promises that nothing at all is sent.
   */
  public static Propagation wrap(Propagation traceFormat, List<BaggageField> declared) {
    Objects.requireNonNull(traceFormat, "traceFormat");
    if (traceFormat == Propagation.none()) return traceFormat;
    if (traceFormat instanceof BaggagePropagation) traceFormat = ((BaggagePropagation) traceFormat).traceFormat;
    List<BaggageField> remote = new ArrayList<>();
    for (BaggageField field : declared) {
      if (field.isRemote()) remote.add(field);
    }
    return remote.isEmpty() ? traceFormat : new BaggagePropagation(traceFormat, List.copyOf(remote));
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  /**
   * Writes the trace format's headers, then each remote field's value in the field's own headers
   * and in the W3C {@code baggage} header. When the trace format does not write {@code
   * traceparent} for this context (B3 alone), its peers read the field headers, so the {@code
   * baggage} header carries only the values that could not go out in a header of their own (a
   * field without one, or a value unsafe in one), and is left out when there are none.
   */
  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    traceFormat.inject(context, carrier, setter);
    boolean w3cPeers = this.w3cPeers.test(context);
    List<W3cBaggage.Member> members = null; // most contexts carry none: no list
    for (BaggageField field : remoteFields) {
      String value = context.baggage(field);
      if (value == null) continue;
      boolean ownHeader = !field.headerNames().isEmpty() && isSafeHeaderValue(value);
      if (ownHeader) {
        for (String header : field.headerNames()) setter.set(carrier, header, value);
      }
      if (w3cPeers || !ownHeader) {
        if (members == null) members = new ArrayList<>(remoteFields.length);
        members.add(new W3cBaggage.Member(field.name(), value));
      }
    }
    if (members == null) return;
    String header = W3cBaggage.format(members);
    if (header != null) setter.set(carrier, BAGGAGE, header);
  }

  /**
   * The trace format's context, with the remote fields' values: from the W3C {@code baggage}
   * header first, then, for a field it did not carry, from the field's own headers.
   */
  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    IncomingContext incoming = traceFormat.extract(carrier, getter);
    String[] values = null; // by field position; most requests carry no baggage: no array
    List<String> fields = SafeHeaders.getAll(carrier, getter, BAGGAGE);
    if (!fields.isEmpty()) {
      for (W3cBaggage.Member member : W3cBaggage.parse(fields, indexByName::containsKey)) {
        values = put(values, indexByName.get(member.key()), member.value());
      }
    }
    for (int i = 0; i < remoteFields.length; i++) {
      BaggageField field = remoteFields[i];
      if (field.headerNames().isEmpty() || values != null && values[i] != null) continue; // the W3C header wins
      for (String header : field.headerNames()) {
        String value = SafeHeaders.get(carrier, getter, header);
        if (value != null && isSafeHeaderValue(value)) {
          values = put(values, i, value);
          break;
        }
      }
    }
    return values == null ? incoming : withValues(incoming, values);
  }

  private String[] put(String[] values, int index, String value) {
    if (values == null) values = new String[remoteFields.length];
    values[index] = value;
    return values;
  }

  /** {@code incoming} with the values found, the context copied once however many there are. */
  private IncomingContext withValues(IncomingContext incoming, String[] values) {
    TraceContext context = incoming.context();
    if (context == null) { // baggage without a trace: kept for the trace the receiver starts
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null) incoming = incoming.withBaggage(remoteFields[i], values[i]);
      }
      return incoming;
    }
    TraceContext.Builder builder = context.toBuilder();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) builder.baggage(remoteFields[i], values[i]);
    }
    return IncomingContext.of(builder.build());
  }

  /** Short enough, and free of control characters (CR and LF among them) and of non-ASCII. */
  static boolean isSafeHeaderValue(String value) {
    if (value.isEmpty() || value.length() > MAX_HEADER_VALUE) return false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c >= 0x7f) return false;
    }
    return true;
  }

  @Override
  public String toString() {
    return "BaggagePropagation{" + traceFormat + ", " + indexByName.keySet() + "}";
  }
}

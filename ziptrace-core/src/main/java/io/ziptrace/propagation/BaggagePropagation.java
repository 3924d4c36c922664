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

/**
 * A trace propagation (B3, W3C, ...) that also carries the remote {@link BaggageField}s declared
 * on a tracer: in the W3C {@code baggage} header, and in each field's own headers ({@link
 * BaggageField#withHeader}). Only declared remote fields are read and written: other keys that
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
  private final Map<String, BaggageField> byName;
  private final List<String> keys;

  private BaggagePropagation(Propagation traceFormat, List<BaggageField> remoteFields) {
    this.traceFormat = traceFormat;
    this.remoteFields = remoteFields.toArray(new BaggageField[0]);
    this.byName = new HashMap<>();
    LinkedHashSet<String> allKeys = new LinkedHashSet<>(traceFormat.keys());
    allKeys.add(BAGGAGE);
    for (BaggageField field : remoteFields) {
      byName.put(field.name(), field);
      allKeys.addAll(field.headerNames());
    }
    this.keys = List.copyOf(allKeys);
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

  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    traceFormat.inject(context, carrier, setter);
    List<W3cBaggage.Member> members = null; // most contexts carry none: no list, no map
    for (BaggageField field : remoteFields) {
      String value = context.baggage(field);
      if (value == null) continue;
      if (members == null) members = new ArrayList<>(remoteFields.length);
      members.add(new W3cBaggage.Member(field.name(), value));
      if (!field.headerNames().isEmpty() && isSafeHeaderValue(value)) {
        for (String header : field.headerNames()) setter.set(carrier, header, value);
      }
    }
    if (members == null) return;
    String header = W3cBaggage.format(members);
    if (header != null) setter.set(carrier, BAGGAGE, header);
  }

  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    IncomingContext incoming = traceFormat.extract(carrier, getter);
    List<String> fields = SafeHeaders.getAll(carrier, getter, BAGGAGE);
    if (!fields.isEmpty()) {
      for (W3cBaggage.Member member : W3cBaggage.parse(fields, byName::containsKey)) {
        incoming = incoming.withBaggage(byName.get(member.key()), member.value());
      }
    }
    for (BaggageField field : remoteFields) {
      if (field.headerNames().isEmpty() || incoming.baggage(field) != null) continue; // the W3C header wins
      for (String header : field.headerNames()) {
        String value = SafeHeaders.get(carrier, getter, header);
        if (value != null && isSafeHeaderValue(value)) {
          incoming = incoming.withBaggage(field, value);
          break;
        }
      }
    }
    return incoming;
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
    return "BaggagePropagation{" + traceFormat + ", " + byName.keySet() + "}";
  }
}

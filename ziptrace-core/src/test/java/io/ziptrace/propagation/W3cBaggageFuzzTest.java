package io.ziptrace.propagation;

import static io.ziptrace.propagation.W3cBaggageTest.ALL;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.propagation.W3cBaggage.Member;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and adversarial input: never an exception, never a member that was not well-formed. */
class W3cBaggageFuzzTest {
  /** Near-valid pieces and the characters that break them. */
  static final String[] PIECES = {"k", "key", "=", "==", "v", "%", "%4", "%41", "%zz", "%C3", "%A9", "%E2%82%AC", ",",
      ";", ";p", ";p=1", " ", "\t", "\r", "\n", "\u0000", "\u007f", "\"", "\\", "é", "€", "\uD83D\uDE00", "\uD800",
      "\uDC00", "!#$&'*+-.^_`|~", "@", "(", "/"};

  @Test
  void randomHeadersNeverThrowAndGiveOnlyWellFormedMembers() {
    Random random = new Random(7);
    int members = 0;
    for (int i = 0; i < 50_000; i++) {
      List<String> fields = new ArrayList<>();
      for (int f = random.nextInt(3); f >= 0; f--) fields.add(randomHeader(random));

      List<Member> parsed = W3cBaggage.parse(fields, ALL);

      members += parsed.size();
      assertThat(parsed.size()).isLessThanOrEqualTo(W3cBaggage.MAX_MEMBERS);
      assertThat(parsed).extracting(Member::key).doesNotHaveDuplicates();
      String written = W3cBaggage.format(parsed);
      // What was read is written back whole and reads back the same: nothing partial or unencodable.
      assertThat(written == null ? List.of() : W3cBaggage.parse(List.of(written), ALL)).isEqualTo(parsed);
      for (Member member : parsed) {
        assertThat(String.join(",", fields)).contains(member.key());
      }
    }
    assertThat(members).as("some random headers have well-formed members").isPositive();
  }

  @Test
  void randomMembersRoundTrip() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      Map<String, String> expected = new LinkedHashMap<>();
      List<Member> members = new ArrayList<>();
      for (int n = random.nextInt(8); n > 0; n--) {
        String key = "k" + random.nextInt(10);
        String value = randomValue(random);
        members.add(new Member(key, value));
        expected.put(key, value); // a repeated key keeps its first place and its last value
      }

      String written = W3cBaggage.format(members);

      List<Member> read = written == null ? List.of() : W3cBaggage.parse(List.of(written), ALL);
      List<Member> wanted = new ArrayList<>();
      expected.forEach((key, value) -> wanted.add(new Member(key, value)));
      assertThat(read).isEqualTo(wanted);
    }
  }

  static String randomHeader(Random random) {
    StringBuilder out = new StringBuilder();
    for (int n = random.nextInt(30); n > 0; n--) out.append(PIECES[random.nextInt(PIECES.length)]);
    return out.toString();
  }

  /** Any Unicode text, without lone surrogates (which have no UTF-8 form to carry). */
  static String randomValue(Random random) {
    StringBuilder out = new StringBuilder();
    for (int n = random.nextInt(12); n > 0; n--) {
      int kind = random.nextInt(4);
      int codePoint = kind == 0 ? random.nextInt(0x80) : kind == 1 ? random.nextInt(0x800)
          : kind == 2 ? random.nextInt(0xd800) : 0x10000 + random.nextInt(0x100000);
      out.appendCodePoint(codePoint);
    }
    return out.toString();
  }
}

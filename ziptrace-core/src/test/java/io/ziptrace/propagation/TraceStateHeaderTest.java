package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceStateHeaderTest {
  /** Every character a value may hold: printable ASCII but comma and equals sign. */
  static final String VALUE_CHARACTERS = IntStream.rangeClosed(0x20, 0x7e).filter(c -> c != ',' && c != '=')
      .mapToObj(Character::toString).collect(Collectors.joining());

  static String parse(String... fieldValues) {
    return TraceStateHeader.parse(Arrays.asList(fieldValues));
  }

  /** {@code count} members {@code k1=v1,k2=v2,...}. */
  static String members(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> "k" + i + "=v" + i).collect(Collectors.joining(","));
  }

  static String repeat(char c, int count) {
    return String.valueOf(c).repeat(count);
  }

  @Nested
  class Fields {
    @Test
    void fieldsAreCombinedInOrderAsOneList() {
      assertThat(parse("a=1,b=2", "c=3", "d=4")).isEqualTo("a=1,b=2,c=3,d=4");
      assertThat(parse("d=4", "c=3", "a=1,b=2")).isEqualTo("d=4,c=3,a=1,b=2");
    }

    @Test
    void aMemberNeverSpansTwoFields() {
      assertThat(parse("a=1,b", "=2")).isNull();
      assertThat(parse("a=1,b=", "2")).isNull();
    }

    @Test
    void noFieldIsNull() {
      assertThat(TraceStateHeader.parse(null)).isNull();
      assertThat(TraceStateHeader.parse(List.of())).isNull();
      assertThat(TraceStateHeader.parse(Collections.singletonList(null))).isNull();
    }

    @Test
    void nullFieldsReadAsAbsent() {
      assertThat(TraceStateHeader.parse(Arrays.asList(null, "a=1", null))).isEqualTo("a=1");
    }

    @Test
    void aListThatFailsWhileReadIsNullNotAThrow() {
      List<String> failing = new AbstractList<>() {
        @Override
        public String get(int index) {
          throw new IllegalStateException("broken carrier");
        }

        @Override
        public int size() {
          return 1;
        }
      };
      assertThat(TraceStateHeader.parse(failing)).isNull();
    }
  }

  @Nested
  class NormalForm {
    @Test
    void aFieldInNormalFormIsReturnedItself() {
      for (String field : new String[] {"a=1", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", "a=1,b=2,c=3"}) {
        assertThat(parse(field)).isSameAs(field);
      }
    }

    @Test
    void aFieldInNormalFormAmongEmptyFieldsIsReturnedItself() {
      String field = "a=1,b=2";
      assertThat(parse("", field, " ", ",")).isSameAs(field);
    }

    @Test
    void normalFormWithManyKeysSharingAHashBitIsReturnedItself() {
      // 32 keys in 64 hash bits: some share one, and only real repeats may cost the copy
      String field = members(0, 32);
      assertThat(parse(field)).isSameAs(field);
    }

    @Test
    void membersOfSeveralFieldsAreJoinedIntoOneNewString() {
      String first = "a=1,b=2";
      assertThat(parse(first, "c=3")).isEqualTo("a=1,b=2,c=3");
      assertThat(parse(first, " ", "c=3")).isEqualTo("a=1,b=2,c=3");
    }

    @Test
    void whitespaceInsideTheListIsCopiedOut() {
      assertThat(parse("a=1, b=2")).isEqualTo("a=1,b=2");
      assertThat(parse("a=1 ,b=2,c=3")).isEqualTo("a=1,b=2,c=3");
      assertThat(parse("a=1,,b=2")).isEqualTo("a=1,b=2");
    }
  }

  @Nested
  class Whitespace {
    @Test
    void optionalWhitespaceAroundMembersIsRemoved() {
      assertThat(parse(" \ta=1 , b=2\t,\tc=3 \t")).isEqualTo("a=1,b=2,c=3");
    }

    @Test
    void whitespaceAroundTheWholeListIsRemoved() {
      assertThat(parse("  a=1,b=2  ")).isEqualTo("a=1,b=2");
    }

    @Test
    void emptyAndWhitespaceOnlyMembersAreDropped() {
      assertThat(parse(",a=1,,  , \t ,b=2,")).isEqualTo("a=1,b=2");
      assertThat(parse("a=1", "", " ", "b=2")).isEqualTo("a=1,b=2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", ",", " , ,\t,", ",,,,"})
    void onlyEmptyMembersIsNull(String field) {
      assertThat(parse(field)).isNull();
      assertThat(parse(field, field)).isNull();
    }

    @Test
    void whitespaceBetweenKeyAndEqualsIsInvalid() {
      assertThat(parse("a =1")).isNull();
      assertThat(parse("a\t=1")).isNull();
    }

    @Test
    void leadingSpacesOfAValueArePreserved() {
      assertThat(parse("a=  1")).isEqualTo("a=  1");
      assertThat(parse("a= 1, b=2")).isEqualTo("a= 1,b=2");
    }

    @Test
    void trailingWhitespaceOfAValueIsRemoved() {
      assertThat(parse("a=1  ,b=x y \t ")).isEqualTo("a=1,b=x y");
    }

    @Test
    void spacesInsideAValueArePreserved() {
      String field = "a=x  y z";
      assertThat(parse(field)).isSameAs(field);
    }

    @Test
    void aTabInsideAValueIsInvalid() {
      assertThat(parse("a=x\ty")).isNull();
      assertThat(parse("a=\tx")).isNull();
    }
  }

  @Nested
  class Keys {
    @Test
    void aKeyStartsWithALowercaseLetterOrADigit() {
      assertThat(parse("a=1")).isEqualTo("a=1");
      assertThat(parse("0=1")).isEqualTo("0=1");
      for (String key : new String[] {"_a", "-a", "*a", "/a", "@a", "A"}) {
        assertThat(parse(key + "=1")).as(key).isNull();
      }
    }

    @Test
    void keyCharactersAreLowercaseLettersDigitsUnderscoreDashStarSlashAt() {
      String key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/@";
      assertThat(parse(key + "=1")).isEqualTo(key + "=1");
      for (char c = 0; c < 256; c++) {
        if (key.indexOf(c) < 0) assertThat(parse("a" + c + "b=1")).as("key character 0x%02x", (int) c).isNull();
      }
    }

    @Test
    void anUppercaseKeyIsInvalid() {
      assertThat(parse("Foo=1")).isNull();
      assertThat(parse("fOo=1")).isNull();
    }

    @Test
    void aKeyHasAtMost256Characters() {
      String key = repeat('k', 256);
      assertThat(parse(key + "=1")).isEqualTo(key + "=1");
      assertThat(parse(key + "k=1")).isNull();
    }

    @Test
    void aMemberWithoutEqualsIsInvalid() {
      assertThat(parse("a")).isNull();
      assertThat(parse("a=1,b")).isNull();
      assertThat(parse("=1")).isNull();
    }

    @Test
    void level1MultiTenantKeysAreAccepted() {
      for (String key : new String[] {"tenant@system", "1tenant@sys", repeat('t', 241) + "@" + repeat('s', 14),
          "t@s", "t_-*/@s0_-*/"}) {
        assertThat(parse(key + "=1")).as(key).isEqualTo(key + "=1");
      }
    }

    @Test
    void level2KeysOutsideLevel1GrammarAreAccepted() {
      // digit-first simple key, empty system, several at signs, system starting with a digit
      // or a symbol, tenant over 241, system over 14: Level 2 keys a Level 1 parser would refuse
      for (String key : new String[] {"1abc", "foo@", "foo@@bar", "foo@bar@baz", "t@1", "t@_s",
          repeat('t', 242) + "@v", "t@" + repeat('v', 15), repeat('t', 200) + "@" + repeat('v', 55)}) {
        assertThat(parse(key + "=1,bar=2")).as(key).isEqualTo(key + "=1,bar=2");
      }
    }
  }

  @Nested
  class Values {
    @Test
    void valueCharactersArePrintableAsciiExceptCommaAndEquals() {
      String field = "a=" + VALUE_CHARACTERS;
      assertThat(parse(field)).isSameAs(field);
    }

    @Test
    void anEqualsSignInAValueIsInvalid() {
      assertThat(parse("a=b=c")).isNull();
      assertThat(parse("a==")).isNull();
    }

    @Test
    void aCommaEndsAValue() {
      assertThat(parse("a=x,y")).isNull(); // "y" is then a member without '='
    }

    @Test
    void aValueHasAtLeastOneCharacter() {
      assertThat(parse("a=")).isNull();
      assertThat(parse("a=,b=2")).isNull();
    }

    @Test
    void aValueOfOnlySpacesIsInvalid() {
      assertThat(parse("a= ")).isNull();
      assertThat(parse("a=   ,b=2")).isNull();
    }

    @Test
    void aValueHasAtMost256Characters() {
      String value = repeat('v', 256);
      assertThat(parse("a=" + value)).isEqualTo("a=" + value);
      assertThat(parse("a=" + value + "v")).isNull();
      assertThat(parse("a=" + repeat(' ', 255) + "v")).isEqualTo("a=" + repeat(' ', 255) + "v");
      assertThat(parse("a=" + repeat(' ', 256) + "v")).isNull();
    }

    @Test
    void optionalWhitespaceAfterAValueDoesNotCountTowardsItsLength() {
      String value = repeat('v', 256);
      assertThat(parse("a=" + value + "   \t ,b=2")).isEqualTo("a=" + value + ",b=2");
    }
  }

  @Nested
  class Limits {
    @Test
    void thirtyTwoMembersAreAccepted() {
      String field = members(1, 32);
      assertThat(parse(field)).isSameAs(field);
    }

    @Test
    void moreThan32MembersInvalidateTheWholeList() {
      assertThat(parse(members(1, 33))).isNull();
      assertThat(parse(members(1, 32), "k99=v99")).isNull();
    }

    @Test
    void emptyMembersDoNotCountTowardsThe32() {
      String full = members(1, 32);
      assertThat(parse(full, "")).isSameAs(full);
      assertThat(parse(",,,," + full.replace(",", ", ,") + ",,,")).isEqualTo(full);
    }

    @Test
    void theLongestValidListIsPropagatedWhole() {
      String longest = IntStream.range(0, 32)
          .mapToObj(i -> repeat((char) ('a' + i % 26), 254) + String.format("%02d", i) + "=" + repeat('v', 256))
          .collect(Collectors.joining(","));
      assertThat(longest).hasSize(TraceStateHeader.MAX_LIST_LENGTH).hasSize(16_447);
      assertThat(parse(longest)).isSameAs(longest);
      assertThat(parse(longest.replace(",", ", "))).isEqualTo(longest); // with the optional space senders write
    }

    @Test
    void atLeast512CharactersArePropagated() {
      String field = "a=" + repeat('x', 256) + ",b=" + repeat('y', 256);
      assertThat(field.length()).isGreaterThan(512);
      assertThat(parse(field)).isSameAs(field);
    }

    @Test
    void inputUpToTheBoundIsRead() {
      String member = "a=1";
      String padded = member + repeat(' ', TraceStateHeader.MAX_INPUT_LENGTH - member.length());
      assertThat(parse(padded)).isEqualTo(member);
    }

    @Test
    void inputOverTheBoundIsDroppedWhole() {
      String member = "a=1";
      assertThat(parse(member + repeat(' ', TraceStateHeader.MAX_INPUT_LENGTH - member.length() + 1))).isNull();
      // fields count one separator between them
      assertThat(parse(member, repeat(' ', TraceStateHeader.MAX_INPUT_LENGTH - member.length() - 1))).isEqualTo(member);
      assertThat(parse(member, repeat(' ', TraceStateHeader.MAX_INPUT_LENGTH - member.length()))).isNull();
    }
  }

  @Nested
  class RepeatedKeys {
    @Test
    void aRepeatedKeyKeepsItsLeftMostEntry() {
      assertThat(parse("a=1,b=2,a=3")).isEqualTo("a=1,b=2");
      assertThat(parse("a=1,b=2,a=3,b=4,c=5,a=6")).isEqualTo("a=1,b=2,c=5");
    }

    @Test
    void aRepeatedKeyAcrossFieldsKeepsItsLeftMostEntry() {
      assertThat(parse("a=1", "b=2,a=3")).isEqualTo("a=1,b=2");
      assertThat(TraceStateHeader.parse(Arrays.asList(" a=1 ", null, " , ", "b=2, a=3,c=4"))).isEqualTo("a=1,b=2,c=4");
    }

    @Test
    void keysThatArePrefixesOfEachOtherAreDifferentKeys() {
      assertThat(parse("ab=1,a=2,abc=3")).isEqualTo("ab=1,a=2,abc=3");
      assertThat(parse("a@b=1,a=2,a@=3")).isEqualTo("a@b=1,a=2,a@=3");
    }

    @Test
    void repeatedKeysStillCountTowardsThe32() {
      assertThat(parse(IntStream.range(0, 33).mapToObj(i -> "a=" + i).collect(Collectors.joining(",")))).isNull();
    }
  }

  @Nested
  class InvalidCharacters {
    @Test
    void anInvalidMemberDropsTheWholeList() {
      assertThat(parse("a=1,B=2,c=3")).isNull();
      assertThat(parse("a=1", "b=2", "c=\u00e9")).isNull();
    }

    @Test
    void carriageReturnAndLineFeedAreInvalidAnywhere() {
      for (String field : new String[] {"a=1\r\nb=2", "a=1\r\n", "\r\na=1", "a=1,\r\n b=2", "a=1\n", "a=x\ry",
          "a\n=1", "a=1\r\nx-injected: 1"}) {
        assertThat(parse(field)).as(field).isNull();
      }
    }

    @Test
    void controlCharactersAreInvalidAnywhere() {
      for (char c = 0; c < 0x20; c++) {
        if (c == '\t') continue;
        String s = String.valueOf(c);
        for (String field : new String[] {s + "a=1", "a" + s + "=1", "a=" + s + "1", "a=1" + s, "a=x" + s + "y",
            "a=1," + s + ",b=2"}) {
          assertThat(parse(field)).as("control 0x%02x in %s", (int) c, field.replace(s, "^")).isNull();
        }
      }
      assertThat(parse("a=x\u007fy")).isNull();
      assertThat(parse("a=1,\u007f")).isNull();
    }

    @Test
    void aTabIsOnlyOptionalWhitespace() {
      assertThat(parse("\ta=1\t,\tb=2\t")).isEqualTo("a=1,b=2");
      assertThat(parse("a=1\tx")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0080", "\u00a0", "\u00e9", "\u2028", "\uff41", "\ud83d\ude00", "\ud800", "\ufeff"})
    void nonAsciiIsInvalidAnywhere(String nonAscii) {
      for (String field : new String[] {nonAscii + "a=1", "a" + nonAscii + "=1", "a=" + nonAscii, "a=x" + nonAscii + "y",
          "a=1 " + nonAscii, "a=1," + nonAscii + ",b=2"}) {
        assertThat(parse(field)).isNull();
      }
    }
  }

  /**
   * The {@code tracestate} cases of the W3C Trace Context test suite (test/test.py), one test per
   * case with the same inputs and our answer. Its cases on header names and on a {@code
   * tracestate} without {@code traceparent} concern the caller, not this codec.
   */
  @Nested
  class W3cTestSuiteCases {
    @Test
    void tracestateIncludedTraceparentIncluded() {
      assertThat(parse("foo=1,bar=2")).isEqualTo("foo=1,bar=2");
    }

    @Test
    void tracestateEmptyHeader() {
      assertThat(parse("")).isNull();
      assertThat(parse("foo=1", "")).isEqualTo("foo=1");
      assertThat(parse("", "foo=1")).isEqualTo("foo=1");
    }

    @Test
    void tracestateMultipleHeadersDifferentKeys() {
      assertThat(parse("foo=1,bar=2", "rojo=1,congo=2", "baz=3")).isEqualTo("foo=1,bar=2,rojo=1,congo=2,baz=3");
    }

    @Test
    void tracestateDuplicatedKeys() {
      // the suite accepts the repeats kept as they are or one of them left out; we keep the left-most
      assertThat(parse("foo=1,foo=1")).isEqualTo("foo=1");
      assertThat(parse("foo=1,foo=2")).isEqualTo("foo=1");
      assertThat(parse("foo=1", "foo=1")).isEqualTo("foo=1");
      assertThat(parse("foo=1", "foo=2")).isEqualTo("foo=1");
    }

    @Test
    void tracestateAllAllowedCharacters() {
      String keyWithoutVendor = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
      String keyWithVendor = keyWithoutVendor + "@a-z0-9_-*/";
      String value = VALUE_CHARACTERS;
      assertThat(value).hasSize(93);
      assertThat(parse(keyWithoutVendor + "=" + value)).isEqualTo(keyWithoutVendor + "=" + value);
      assertThat(parse(keyWithVendor + "=" + value)).isEqualTo(keyWithVendor + "=" + value);
    }

    @Test
    void tracestateOwsHandling() {
      assertThat(parse("foo=1 \t , \t bar=2, \t baz=3")).isEqualTo("foo=1,bar=2,baz=3");
      assertThat(parse("foo=1\t \t,\t \tbar=2,\t \tbaz=3")).isEqualTo("foo=1,bar=2,baz=3");
      assertThat(parse(" foo=1")).isEqualTo("foo=1");
      assertThat(parse("\tfoo=1")).isEqualTo("foo=1");
      assertThat(parse("foo=1 ")).isEqualTo("foo=1");
      assertThat(parse("foo=1\t")).isEqualTo("foo=1");
      assertThat(parse("\t foo=1 \t")).isEqualTo("foo=1");
    }

    @Test
    void tracestateKeyIllegalCharacters() {
      assertThat(parse("foo =1")).isNull();
      assertThat(parse("FOO=1")).isNull();
      assertThat(parse("foo.bar=1")).isNull();
    }

    @Test
    void tracestateKeyIllegalVendorFormat() {
      assertThat(parse("foo@=1,bar=2")).isEqualTo("foo@=1,bar=2");
      assertThat(parse("@foo=1,bar=2")).isNull();
      assertThat(parse("foo@@bar=1,bar=2")).isEqualTo("foo@@bar=1,bar=2");
      assertThat(parse("foo@bar@baz=1,bar=2")).isEqualTo("foo@bar@baz=1,bar=2");
    }

    @Test
    void tracestateMemberCountLimit() {
      String first = "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10";
      String second = "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20";
      String third = "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30";
      String combined = parse(first, second, third, "bar31=31,bar32=32");
      assertThat(combined).startsWith("bar01=01,").endsWith(",bar32=32");
      assertThat(combined.split(",")).hasSize(32);

      assertThat(parse(first, second, third, "bar31=31,bar32=32,bar33=33")).isNull();
    }

    @Test
    void tracestateKeyLengthLimit() {
      String key = repeat('z', 256);
      assertThat(parse("foo=1", key + "=1")).isEqualTo("foo=1," + key + "=1");
      assertThat(parse("foo=1", repeat('z', 257) + "=1")).isNull();

      for (String atKey : new String[] {repeat('t', 241) + "@" + repeat('v', 14), repeat('t', 242) + "@v",
          "t@" + repeat('v', 15)}) {
        assertThat(parse("foo=1", atKey + "=1")).isEqualTo("foo=1," + atKey + "=1");
      }
    }

    @Test
    void tracestateValueIllegalCharacters() {
      assertThat(parse("foo=bar=baz")).isNull();
      assertThat(parse("foo=,bar=3")).isNull();
    }
  }

  @Nested
  class HostileInput {
    @Test
    void tenThousandMembers() {
      assertThat(parse(members(0, 10_000))).isNull();
      assertThat(parse(IntStream.range(0, 10_000).mapToObj(i -> "a=1").collect(Collectors.joining(",")))).isNull();
    }

    @Test
    void tenThousandEmptyMembersAroundOneMember() {
      assertThat(parse(repeat(',', 10_000) + "a=1" + repeat(',', 10_000))).isEqualTo("a=1");
    }

    @Test
    void tenThousandFields() {
      List<String> fields = new ArrayList<>(Collections.nCopies(10_000, ""));
      fields.set(5_000, "a=1");
      assertThat(TraceStateHeader.parse(fields)).isEqualTo("a=1");
      assertThat(TraceStateHeader.parse(Collections.nCopies(10_000, "a=1"))).isNull();
      assertThat(TraceStateHeader.parse(Collections.nCopies(100_000, ""))).isNull();
    }

    @Test
    void oneMegabyteHeader() {
      int megabyte = 1 << 20;
      assertThat(parse(repeat('a', megabyte))).isNull();
      assertThat(parse("a=" + repeat('v', megabyte))).isNull();
      assertThat(parse(repeat('k', megabyte) + "=1")).isNull();
      assertThat(parse("a=1" + repeat(' ', megabyte))).isNull();
      assertThat(parse(repeat(',', megabyte))).isNull();
      String members = members(0, 100_000);
      assertThat(members.length()).isGreaterThan(megabyte);
      assertThat(parse(members)).isNull();
    }

    @Test
    void headerInjection() {
      assertThat(parse("a=1\r\nset-cookie: x=1")).isNull();
      assertThat(parse("a=1\nx: 1", "b=2")).isNull();
      assertThat(parse("a=1\u0000b=2")).isNull();
    }

    @Test
    void duplicatedKeys() {
      String repeated = IntStream.range(0, 32).mapToObj(i -> "a=" + i).collect(Collectors.joining(","));
      assertThat(parse(repeated)).isEqualTo("a=0");
      assertThat(parse(repeated.replace(",", " , "))).isEqualTo("a=0");
      String longKey = repeat('k', 256);
      String sameLongKeys = IntStream.range(0, 32).mapToObj(i -> longKey + "=" + i).collect(Collectors.joining(","));
      assertThat(parse(sameLongKeys)).isEqualTo(longKey + "=0");
    }

    @Test
    void nonAsciiAndControlCharactersInALongValidLookingList() {
      String valid = members(0, 31);
      assertThat(parse(valid + ",z=\u00ff")).isNull();
      assertThat(parse(valid + ",z=\u0001")).isNull();
      assertThat(parse(valid, "\u0085")).isNull();
    }
  }
}

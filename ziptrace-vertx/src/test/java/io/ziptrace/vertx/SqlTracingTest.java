package io.ziptrace.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTracingTest {
  @Test
  void spansAreNamedAfterTheStatementsVerb() {
    assertThat(SqlTracing.verb("SELECT name FROM users WHERE id = $1")).isEqualTo("select");
    assertThat(SqlTracing.verb("  insert into t values (1)")).isEqualTo("insert");
    assertThat(SqlTracing.verb("with x as (select 1) select * from x")).isEqualTo("with");
    assertThat(SqlTracing.verb("(select 1)")).isEqualTo("query");
    assertThat(SqlTracing.verb("")).isEqualTo("query");
  }
}

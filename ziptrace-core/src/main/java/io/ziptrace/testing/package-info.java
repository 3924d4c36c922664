/**
 * Test support for code that is traced with ziptrace: {@link
 * io.ziptrace.testing.InMemoryReporter} keeps finished spans in memory for assertions. It ships
 * in the main artifact so applications can use it in their own tests; it is not meant for
 * production reporting.
 *
 * <p>Nullness: parameters are non-null ({@code report(null)} is ignored) and methods never
 * return {@code null}.
 */
package io.ziptrace.testing;

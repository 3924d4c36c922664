/**
 * Helpers shared by the other packages of this module and by ziptrace's own adapter modules: hex
 * ids, ASCII and decimal writing, UTF-8, JSON string escaping, IP literals and proto3 primitives;
 * wording for log lines ({@link io.ziptrace.internal.Phrases}); settings read from system
 * properties and environment variables ({@link io.ziptrace.internal.OperatorSettings}). Not API:
 * the module exports this package only to {@code io.ziptrace.http.jdk} and {@code
 * io.ziptrace.kafka}, so applications cannot use it on the module path, and it may change in any
 * release even where the class path makes it reachable.
 *
 * <p>Nullness: parameters are non-null; methods return {@code null} only where documented, e.g.
 * for a malformed literal or a setting that is not set.
 */
package io.ziptrace.internal;

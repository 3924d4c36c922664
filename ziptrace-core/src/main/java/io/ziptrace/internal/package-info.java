/**
 * Byte-level helpers shared by the other packages of this module: hex ids, ASCII and decimal
 * writing, UTF-8, JSON string escaping, IP literals and proto3 primitives. Not API: the module
 * does not export this package, so code outside {@code io.ziptrace} cannot use it on the module
 * path, and it may change in any release even where the class path makes it reachable.
 *
 * <p>Nullness: parameters are non-null; methods return {@code null} only where documented, e.g.
 * for a malformed literal.
 */
package io.ziptrace.internal;

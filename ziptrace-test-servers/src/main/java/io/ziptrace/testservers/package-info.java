/**
 * Real database servers for ziptrace's own tests, each a child process on free loopback ports:
 * {@link io.ziptrace.testservers.RedisServer} and {@link io.ziptrace.testservers.CassandraServer}.
 * Not published: the tests of ziptrace-vertx and ziptrace-it use it at test scope.
 */
package io.ziptrace.testservers;

/**
 * The Spring Boot application that the Boot overhead benchmark ({@code BootOverhead} in
 * ziptrace-benchmarks) runs untraced, traced by ziptrace's starter and traced by Boot's Brave
 * tracing, each in a child JVM with its own class path.
 */
package io.ziptrace.benchmarks.spring;

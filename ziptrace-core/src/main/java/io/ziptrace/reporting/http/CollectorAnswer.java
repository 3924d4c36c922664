package io.ziptrace.reporting.http;

/**
 * What a collector answered to one POST, whatever carried it.
 *
 * @param status the HTTP status code
 * @param retryAfter the {@code Retry-After} header, or null
 * @param location the {@code Location} header, or null
 * @param body the start of the answer's body (empty for a 2xx), for the log
 */
record CollectorAnswer(int status, String retryAfter, String location, String body) {}

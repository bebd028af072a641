package dev.kiln.serve;

/**
 * Answers one request. A handler parses, calls a service and renders; it may throw {@link
 * HttpError}, {@link dev.kiln.core.UserException} (both become a 4xx JSON error) or anything else
 * (a logged 500 that does not leak the stack trace).
 */
@FunctionalInterface
public interface Handler {
  Response handle(Request request) throws Exception;
}

package org.web4.harness;

import java.util.List;

/**
 * What the harness knows of a request once its headers have arrived, before any of its body: all
 * that the refusals 401, 404, 405, 415 and 413 (from {@code Content-Length}) are decided on
 * [HAR-LIM-004].
 *
 * @param method the request method, as sent
 * @param rawPath the request target's path, still percent-encoded, without the query
 * @param authorization every {@code Authorization} header value
 * @param contentType every {@code Content-Type} header value
 * @param contentLength the announced body length, or -1 when none is announced (chunked or none)
 */
record RequestHead(
    String method,
    String rawPath,
    List<String> authorization,
    List<String> contentType,
    long contentLength) {
  RequestHead {
    authorization = List.copyOf(authorization);
    contentType = List.copyOf(contentType);
  }
}

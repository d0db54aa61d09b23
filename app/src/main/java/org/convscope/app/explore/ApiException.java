package org.convscope.app.explore;

/** A request the explorer refuses: the HTTP status and the one-line message the client gets as JSON. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException bad(String message) {
        return new ApiException(400, message);
    }
}

package org.regnet.data;

/** A dataset, labels or split file that cannot be used; the message names the file (and line). */
public class DataException extends RuntimeException {
    public DataException(String message) { super(message); }

    public DataException(String message, Throwable cause) { super(message, cause); }
}

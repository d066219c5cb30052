package org.regnet.model;

import java.io.IOException;

/** A model name that is neither a path nor a bundled model: the caller's mistake, not a broken file. */
public final class ModelNotFoundException extends IOException {
    public ModelNotFoundException(String message) { super(message); }
}

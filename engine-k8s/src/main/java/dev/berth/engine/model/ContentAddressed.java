package dev.berth.engine.model;

/** A value identified by the digest of its canonical form: same definition, same digest. */
public interface ContentAddressed {

    Digest digest();
}

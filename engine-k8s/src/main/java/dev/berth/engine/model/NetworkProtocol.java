package dev.berth.engine.model;

/** Transport of an exposed port (Dagger's NetworkProtocol). */
public enum NetworkProtocol {
    TCP,
    UDP
}

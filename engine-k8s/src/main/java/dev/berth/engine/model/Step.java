package dev.berth.engine.model;

/**
 * One filesystem-changing operation of a container, kept in call order because each exec sees
 * the files written before it (and later writes see what the exec left).
 */
public sealed interface Step permits NewFile, Exec, CopyIn {
}

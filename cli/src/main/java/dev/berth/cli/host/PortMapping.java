package dev.berth.cli.host;

/** A host port ({@code frontend}) and the port it stands for ({@code backend}) on the other side. */
record PortMapping(int frontend, int backend) {
}

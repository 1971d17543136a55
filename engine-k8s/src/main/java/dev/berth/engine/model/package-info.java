/**
 * The Berth engine model: immutable, validated, content-addressed descriptions of containers
 * and services, independent of Kubernetes.
 */
package dev.berth.engine.model;

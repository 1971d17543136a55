/**
 * Annotations of a Berth module: {@code io.dagger.module.annotation} becomes
 * {@code dev.berth.module.annotation} when porting Dagger's Java modules.
 */
package dev.berth.module.annotation;

package dev.berth.operator.api.graphql;

import dev.berth.engine.files.FileStore;
import dev.berth.engine.files.FilesException;
import dev.berth.engine.files.Tree;
import dev.berth.engine.files.TreeEntry;
import dev.berth.engine.files.TreePaths;
import dev.berth.engine.model.Container;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.TypeRuntimeWiring;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code Directory} and {@code File} types and the fields that make them (docs/files.md).
 * Unlike container calls these run at once: a directory is a tree in the file store, named by
 * its digest, so each call reads a tree and stores the new one.
 */
final class FileFields {

    /** Most bytes {@code File.contents} returns in one answer (the rest: export it). */
    static final long MAX_CONTENTS_BYTES = 64L * 1024 * 1024;

    private FileFields() {
    }

    static TypeRuntimeWiring.Builder directory() {
        return TypeRuntimeWiring.newTypeWiring("Directory")
                .dataFetcher("id", FileFields::id)
                .dataFetcher("sync", FileFields::id)
                .dataFetcher("digest", env -> "sha256:" + dir(env).tree())
                .dataFetcher("name", env -> "/")
                .dataFetcher("entries", env -> tree(env).names(env.getArgument("path"), "entries.path"))
                .dataFetcher("directory", env -> directoryOf(env, tree(env).subtree(path(env), "directory.path")))
                .dataFetcher("file", env -> FileObject.of(tree(env).file(path(env), "file.path")))
                .dataFetcher("withNewFile", env -> {
                    Args a = new Args("withNewFile", env.getArguments());
                    TreeEntry file = newFile(env, a.string("path"), a.string("contents"), a.integer("permissions", 0644),
                            "withNewFile.path");
                    return directoryOf(env, tree(env).with(file));
                })
                .dataFetcher("withNewDirectory", env -> {
                    Args a = new Args("withNewDirectory", env.getArguments());
                    String path = TreePaths.clean(a.string("path"), "withNewDirectory.path");
                    if (path.isEmpty()) {
                        return dir(env);
                    }
                    // Dagger's default mode (420) as it is: root, whom containers run as by default, traverses it.
                    return directoryOf(env, tree(env).with(TreeEntry.directory(path, a.integer("permissions", 0644))));
                })
                .dataFetcher("withFile", env -> {
                    Args a = new Args("withFile", env.getArguments());
                    a.unsupported("owner", "", "files belong to the user that copies them into a container");
                    TreeEntry source = RequestContext.of(env).load(env.getArgument("source"), FileObject.class,
                            "withFile.source").entry();
                    String path = required(a.string("path"), "withFile.path");
                    Integer permissions = a.optionalInteger("permissions");
                    TreeEntry placed = source.at(path);
                    return directoryOf(env, tree(env).with(permissions == null ? placed : placed.withMode(permissions)));
                })
                .dataFetcher("withDirectory", env -> {
                    Args a = new Args("withDirectory", env.getArguments());
                    a.unsupported("owner", "", "files belong to the user that copies them into a container");
                    a.unsupported("gitignore", false, "");
                    a.unsupported("exclude", List.of(), "filter when reading: Host.directory(path, exclude, include)");
                    a.unsupported("include", List.of(), "filter when reading: Host.directory(path, exclude, include)");
                    DirectoryObject source = RequestContext.of(env).load(env.getArgument("source"),
                            DirectoryObject.class, "withDirectory.source");
                    Tree added = store(env).tree(source.tree());
                    Integer permissions = a.optionalInteger("permissions");
                    if (permissions != null) {
                        added = Tree.of(added.entries().stream().map(e -> e.kind() == TreeEntry.Kind.SYMLINK ? e
                                : e.withMode(permissions)).toList());
                    }
                    return directoryOf(env, tree(env).withTree(a.string("path"), added, "withDirectory.path"));
                })
                .dataFetcher("withoutFile", env -> directoryOf(env, tree(env).without(path(env), "withoutFile.path")))
                .dataFetcher("withoutDirectory", env -> directoryOf(env,
                        tree(env).without(path(env), "withoutDirectory.path")))
                .dataFetcher("export", env -> {
                    Args a = new Args("export", env.getArguments());
                    return RequestContext.of(env).session().host().files()
                            .exportDirectory(tree(env), a.string("path"), a.bool("wipe", false));
                });
    }

    static TypeRuntimeWiring.Builder file() {
        return TypeRuntimeWiring.newTypeWiring("File")
                .dataFetcher("id", FileFields::id)
                .dataFetcher("sync", FileFields::id)
                .dataFetcher("name", env -> file(env).name())
                .dataFetcher("size", env -> {
                    long size = file(env).size();
                    if (size > Integer.MAX_VALUE) {
                        throw new FilesException("the file has " + size + " bytes, more than size: Int can say");
                    }
                    return (int) size;
                })
                .dataFetcher("digest", env -> {
                    Args a = new Args("digest", env.getArguments());
                    a.unsupported("excludeMetadata", false, "");
                    return "sha256:" + file(env).blob();
                })
                .dataFetcher("contents", env -> {
                    Args a = new Args("contents", env.getArguments());
                    String text = new String(store(env).read(file(env).blob(), MAX_CONTENTS_BYTES),
                            StandardCharsets.UTF_8);
                    return lines(text, a.optionalInteger("offsetLines"), a.optionalInteger("limitLines"));
                })
                .dataFetcher("withName", env -> {
                    Args a = new Args("withName", env.getArguments());
                    return FileObject.of(file(env).at(TreePaths.relative(a.string("name"))));
                })
                .dataFetcher("export", env -> {
                    Args a = new Args("export", env.getArguments());
                    return RequestContext.of(env).session().host().files()
                            .exportFile(file(env), a.string("path"), a.bool("allowParentDirPath", false));
                });
    }

    // ---- where directories and files come from ---------------------------------------------

    /** {@code Query.directory}: an empty directory. */
    static DataFetcher<DirectoryObject> emptyDirectory() {
        return env -> directoryOf(env, Tree.empty());
    }

    /** {@code Query.file(name, contents, permissions)}. */
    static DataFetcher<FileObject> newFile() {
        return env -> {
            Args a = new Args("file", env.getArguments());
            return FileObject.of(newFile(env, TreePaths.relative(a.string("name")), a.string("contents"),
                    a.integer("permissions", 0644), "file.name"));
        };
    }

    /** {@code Host.directory}: read on the user's machine by the berth process. */
    static DataFetcher<DirectoryObject> hostDirectory() {
        return env -> {
            Args a = new Args("directory", env.getArguments());
            a.unsupported("gitignore", false, "give the patterns to exclude instead");
            Tree tree = RequestContext.of(env).session().host().files().directory(a.string("path"),
                    a.strings("exclude", List.of()), a.strings("include", List.of()));
            return directoryOf(env, tree);
        };
    }

    /** {@code Host.file}. */
    static DataFetcher<FileObject> hostFile() {
        return env -> FileObject.of(RequestContext.of(env).session().host().files()
                .file(new Args("file", env.getArguments()).string("path")));
    }

    /** {@code Container.directory/file}: the container's steps run, then the path is read from it. */
    static DataFetcher<ApiObject> fromContainer(boolean directory) {
        return env -> {
            String field = directory ? "directory" : "file";
            Args a = new Args(field, env.getArguments());
            a.unsupported("expand", false, "");
            Container model = ((ContainerObject) env.getSource()).require(field);
            String path = model.resolvePath(a.string("path"), field + ".path");
            Tree tree = RequestContext.of(env).session().engine().capture(model, path, directory);
            if (directory) {
                return directoryOf(env, tree);
            }
            TreeEntry only = tree.size() == 1 ? tree.entries().iterator().next() : null;
            if (only == null || only.kind() != TreeEntry.Kind.FILE) {
                throw new FilesException(path + " is not a regular file");
            }
            return FileObject.of(only);
        };
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Object id(DataFetchingEnvironment env) {
        return RequestContext.of(env).idOf(env.getSource());
    }

    private static FileStore store(DataFetchingEnvironment env) {
        return RequestContext.of(env).session().engine().files();
    }

    private static DirectoryObject dir(DataFetchingEnvironment env) {
        return env.getSource();
    }

    private static Tree tree(DataFetchingEnvironment env) {
        return store(env).tree(dir(env).tree());
    }

    private static TreeEntry file(DataFetchingEnvironment env) {
        return ((FileObject) env.getSource()).entry();
    }

    private static String path(DataFetchingEnvironment env) {
        return new Args(env.getField().getName(), env.getArguments()).string("path");
    }

    private static DirectoryObject directoryOf(DataFetchingEnvironment env, Tree tree) {
        FileStore.checkLimits(tree, "the directory");
        return DirectoryObject.of(store(env).putTree(tree));
    }

    private static TreeEntry newFile(DataFetchingEnvironment env, String path, String contents, int permissions,
            String field) {
        byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
        String blob = store(env).putBytes(bytes);
        return TreeEntry.file(required(path, field), permissions, bytes.length, blob);
    }

    private static String required(String path, String field) {
        String clean = TreePaths.clean(path, field);
        if (clean.isEmpty()) {
            throw new FilesException(field + ": a file needs a name, got \"" + path + "\"");
        }
        return clean;
    }

    /** Dagger's line window: {@code offsetLines} lines skipped, at most {@code limitLines} kept. */
    static String lines(String text, Integer offset, Integer limit) {
        if (offset == null && limit == null) {
            return text;
        }
        if (offset != null && offset < 0 || limit != null && limit < 0) {
            throw new dev.berth.engine.model.ValidationException(offset != null && offset < 0
                    ? "contents.offsetLines" : "contents.limitLines", "must be 0 or more");
        }
        String[] lines = text.split("(?<=\n)");
        int from = Math.min(offset == null ? 0 : offset, lines.length);
        int to = limit == null ? lines.length : Math.min(lines.length, from + limit);
        return String.join("", java.util.Arrays.copyOfRange(lines, from, to));
    }
}

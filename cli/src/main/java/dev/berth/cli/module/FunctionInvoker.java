package dev.berth.cli.module;

import static dev.berth.sdk.Dagger.dag;

import dev.berth.cli.module.ModuleMetadata.Arg;
import dev.berth.cli.module.ModuleMetadata.Function;
import dev.berth.sdk.Host;
import dev.berth.sdk.PortForward;
import dev.berth.sdk.exception.DaggerExecException;
import dev.berth.sdk.exception.DaggerQueryException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Calls a compiled module's function in this JVM: the module's classes are loaded over the CLI's
 * own (which holds the SDK, so {@code dag()} is the session {@code berth call} opened), and the
 * converted command-line values are passed as its parameters.
 */
final class FunctionInvoker {

    private final CompiledModule module;

    FunctionInvoker(CompiledModule module) {
        this.module = module;
    }

    Object call(CallLine line) throws UsageException, FunctionFailedException, InterruptedException {
        Function function = line.function();
        try {
            // not closed: chained verbs may still load the module's classes; the process ends soon after
            URLClassLoader loader = new URLClassLoader(new URL[] {module.classes().toUri().toURL()},
                    FunctionInvoker.class.getClassLoader());
            Class<?> objectClass = Class.forName(module.metadata().className(), true, loader);
            Method method = Arrays.stream(objectClass.getMethods())
                    .filter(m -> m.getName().equals(function.name()) && m.getParameterCount() == function.args().size())
                    .findFirst()
                    .orElseThrow(() -> new UsageException("the compiled module has no method " + function.name()
                            + " with " + function.args().size() + " parameters: rebuild it (delete "
                            + module.classes() + ")"));
            Object[] parameters = new Object[function.args().size()];
            for (int i = 0; i < parameters.length; i++) {
                Arg arg = function.args().get(i);
                parameters[i] = parameter(arg, line.arguments().get(arg.name()), method.getParameterTypes()[i]);
            }
            Object instance = objectClass.getConstructor().newInstance();
            return method.invoke(instance, parameters);
        } catch (InvocationTargetException e) {
            throw failure(function.cliName(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UsageException("cannot call " + function.cliName() + ": " + e);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parameter(Arg arg, Object value, Class<?> type) {
        return switch (arg.kind()) {
            case ENUM -> Enum.valueOf((Class<Enum>) type, (String) value);
            case SERVICE -> hostService((ServiceAddress) value);
            default -> value;
        };
    }

    /** {@code tcp://HOST:PORT}: Host.service with the same port inside the session, as Dagger's CLI does. */
    static dev.berth.sdk.Service hostService(ServiceAddress address) {
        return dag().host().service(List.of(new PortForward().withFrontend(address.port()).withBackend(address.port())),
                new Host.ServiceArguments().withHost(address.host()));
    }

    /** The user's own code failed: what failed and where in their code, not the CLI's frames. */
    static FunctionFailedException failure(String what, Throwable cause) {
        if (cause instanceof DaggerExecException exec) {
            StringBuilder message = new StringBuilder(what + ": the command " + exec.getCmd() + " exited "
                    + exec.getExitCode());
            String stderr = exec.getStdErr() == null ? "" : exec.getStdErr().strip();
            if (!stderr.isEmpty()) {
                message.append("; its stderr:\n").append(stderr);
            }
            return new FunctionFailedException(message.toString());
        }
        if (cause instanceof DaggerQueryException query) {
            return new FunctionFailedException(what + ": " + query.getMessage());
        }
        String frames = Arrays.stream(cause.getStackTrace())
                .takeWhile(f -> !f.getClassName().startsWith("jdk.internal.reflect")
                        && !f.getClassName().startsWith("java.lang.reflect"))
                .map(f -> "    at " + f)
                .collect(Collectors.joining("\n"));
        return new FunctionFailedException(what + " threw " + cause + (frames.isEmpty() ? "" : "\n" + frames));
    }
}

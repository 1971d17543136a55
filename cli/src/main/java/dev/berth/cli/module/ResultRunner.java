package dev.berth.cli.module;

import dev.berth.module.processor.ValueKind;
import dev.berth.sdk.Container;
import dev.berth.sdk.Port;
import dev.berth.sdk.Service;
import dev.berth.sdk.exception.DaggerQueryException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * What {@code berth call} does with a function's result: prints a String or number, runs the
 * chained verbs on a Service or Container ({@code up}, {@code endpoint}, {@code stdout} ...), or
 * describes a Service or Container that nothing was chained on.
 */
final class ResultRunner {

    private final PrintStream out;

    ResultRunner(PrintStream out) {
        this.out = out;
    }

    void run(CallLine line, Object result) throws FunctionFailedException, InterruptedException {
        Object current = result;
        ValueKind kind = line.function().returns().kind();
        String what = line.function().cliName();
        try {
            for (CallLine.Step step : line.chain()) {
                what = what + " " + step.verb().word;
                current = apply(step, current);
                kind = step.verb().leaves;
            }
            print(kind, current);
        } catch (ExecutionException e) {
            throw FunctionInvoker.failure(what, e.getCause() == null ? e : e.getCause());
        } catch (DaggerQueryException e) {
            throw FunctionInvoker.failure(what, e);
        } catch (UsageException e) {
            throw new FunctionFailedException(e.getMessage());
        }
    }

    private Object apply(CallLine.Step step, Object value)
            throws ExecutionException, DaggerQueryException, InterruptedException, UsageException {
        return switch (step.verb()) {
            case SERVICE_UP -> {
                ((Service) value).up(new Service.UpArguments()
                        .withPorts(PortMappings.parse(list(step, "ports")))
                        .withRandom(flag(step, "random")));
                yield null;
            }
            case CONTAINER_UP -> {
                ((Container) value).up(new Container.UpArguments()
                        .withPorts(PortMappings.parse(list(step, "ports")))
                        .withRandom(flag(step, "random")));
                yield null;
            }
            case SERVICE_ENDPOINT -> {
                Service.EndpointArguments args = new Service.EndpointArguments();
                if (step.flags().get("port") instanceof Integer port) {
                    args.withPort(port);
                }
                if (step.flags().get("scheme") instanceof String scheme) {
                    args.withScheme(scheme);
                }
                yield ((Service) value).endpoint(args);
            }
            case SERVICE_HOSTNAME -> ((Service) value).hostname();
            case SERVICE_START -> ((Service) value).start();
            case SERVICE_STOP -> ((Service) value).stop(new Service.StopArguments().withKill(flag(step, "kill")));
            case CONTAINER_STDOUT -> ((Container) value).stdout();
            case CONTAINER_STDERR -> ((Container) value).stderr();
            case CONTAINER_SYNC -> ((Container) value).sync();
        };
    }

    private static List<?> list(CallLine.Step step, String name) {
        return step.flags().get(name) instanceof List<?> l ? l : List.of();
    }

    private static boolean flag(CallLine.Step step, String name) {
        return Boolean.TRUE.equals(step.flags().get(name));
    }

    private void print(ValueKind kind, Object value)
            throws ExecutionException, DaggerQueryException, InterruptedException {
        switch (kind) {
            case VOID -> {
            }
            case SERVICE -> out.println(describe((Service) value));
            case CONTAINER -> out.println(describe((Container) value));
            case STRING_LIST -> ((List<?>) value).forEach(out::println);
            default -> {
                String text = String.valueOf(value);
                out.print(text);
                if (!text.endsWith("\n")) {
                    out.println();
                }
            }
        }
        out.flush();
    }

    private static String describe(Service service)
            throws ExecutionException, DaggerQueryException, InterruptedException {
        return "Service " + service.hostname() + " (ports: " + ports(service.ports())
                + "); chain one of: " + String.join(", ", ChainVerb.wordsFor(ValueKind.SERVICE));
    }

    private static String describe(Container container)
            throws ExecutionException, DaggerQueryException, InterruptedException {
        return "Container (exposed ports: " + ports(container.exposedPorts()) + "); chain one of: "
                + String.join(", ", ChainVerb.wordsFor(ValueKind.CONTAINER));
    }

    private static String ports(List<Port> ports) throws ExecutionException, DaggerQueryException, InterruptedException {
        if (ports.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        for (Port port : ports) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(port.port()).append('/').append(port.protocol().name().toLowerCase());
        }
        return out.toString();
    }
}

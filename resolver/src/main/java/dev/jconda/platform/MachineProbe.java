package dev.jconda.platform;

/**
 * Finds out what machine jconda runs on. A probe never fails and never hangs: what it cannot read is reported as
 * unknown in the {@link MachineFacts}.
 */
public interface MachineProbe {
    MachineFacts probe();
}

"""The life of one instruction in the load, compute and store stages: VTA's token protocol.

IDLE takes the instruction from the stage's command queue; DEPS waits until every token the
instruction pops is available, pops them and starts the work; EXE waits for the work to end;
PUSH waits until every queue the instruction pushes to has room, pushes, and returns to IDLE.
All three stages share this one state machine, so their timing cannot drift apart."""

from amaranth.hdl import Signal
from amaranth.lib.wiring import In, Out

from .decode import field


def cmd_members():
    """The command-queue port of a stage (valid/ready, one 128-bit instruction)."""
    return {"cmd_valid": In(1), "cmd_ready": Out(1), "cmd_data": In(128)}


def instruction_cycle(m, stage, insn, pops, pushes, start, done, executes=1):
    """Run `stage`'s instructions through IDLE -> DEPS -> EXE -> PUSH.

    insn      the 128-bit register that holds the current instruction (written here)
    pops      {flag name: (token valid, token ready)} for the tokens the stage may pop
    pushes    {flag name: (token valid, token ready)} for the tokens the stage may push
    start     statements asserted (comb) in the cycle the tokens are popped
    done      the work's one-cycle done pulse
    executes  whether there is work; when 0 (FINISH, a LOAD to no buffer) EXE is skipped
    Returns a signal that is 1 in the cycle the instruction completes (its tokens pushed).
    """
    completes = Signal()
    with m.FSM():
        with m.State("IDLE"):
            m.d.comb += stage.cmd_ready.eq(1)
            with m.If(stage.cmd_valid):
                m.d.sync += insn.eq(stage.cmd_data)
                m.next = "DEPS"
        with m.State("DEPS"):
            available = 1
            for flag, (valid, _ready) in pops.items():
                available = available & (~field(insn, flag) | valid)
            with m.If(available):
                m.d.comb += [ready.eq(field(insn, flag)) for flag, (_valid, ready) in pops.items()]
                m.d.comb += start
                if isinstance(executes, int):
                    m.next = "EXE"
                else:
                    with m.If(executes):
                        m.next = "EXE"
                    with m.Else():
                        m.next = "PUSH"
        with m.State("EXE"):
            with m.If(done):
                m.next = "PUSH"
        with m.State("PUSH"):
            room = 1
            for flag, (_valid, ready) in pushes.items():
                room = room & (~field(insn, flag) | ready)
            with m.If(room):
                m.d.comb += [valid.eq(field(insn, flag)) for flag, (valid, _ready) in pushes.items()]
                m.d.comb += completes.eq(1)
                m.next = "IDLE"
    return completes

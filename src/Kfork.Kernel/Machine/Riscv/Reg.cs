namespace Kfork.Machine.Riscv;

/// <summary>Integer register numbers with their psABI names (RISC-V ELF psABI, "Integer Register Convention").</summary>
public static class Reg
{
    public const int Zero = 0, Ra = 1, Sp = 2, Gp = 3, Tp = 4;
    public const int T0 = 5, T1 = 6, T2 = 7;
    public const int S0 = 8, Fp = 8, S1 = 9;
    public const int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17;
    public const int S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, S7 = 23, S8 = 24, S9 = 25, S10 = 26, S11 = 27;
    public const int T3 = 28, T4 = 29, T5 = 30, T6 = 31;
}

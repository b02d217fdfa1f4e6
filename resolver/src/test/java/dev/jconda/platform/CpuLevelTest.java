package dev.jconda.platform;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /proc/cpuinfo text and CPU flags to x86-64 psABI levels. */
class CpuLevelTest {
    /** The shape of a real /proc/cpuinfo: one stanza per logical CPU, flags repeated. */
    static String cpuinfo(String modelName, String flags, int processors) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < processors; i++) {
            text.append("processor\t: ").append(i).append('\n')
                    .append("vendor_id\t: GenuineIntel\n")
                    .append("cpu family\t: 6\n")
                    .append("model name\t: ").append(modelName).append('\n')
                    .append("flags\t\t: ").append(flags).append('\n')
                    .append("bugs\t\t: spectre_v1 spectre_v2\n")
                    .append('\n');
        }
        return text.toString();
    }

    static final String CORE2 = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush "
            + "dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx lm constant_tsc pni dtes64 monitor ds_cpl vmx est "
            + "tm2 ssse3 cx16 xtpr pdcm lahf_lm";
    static final String NEHALEM = CORE2 + " sse4_1 sse4_2 popcnt";
    static final String HASWELL = NEHALEM + " movbe xsave avx f16c rdrand fma abm bmi1 avx2 bmi2 erms invpcid";
    static final String SAPPHIRE_RAPIDS = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 "
            + "clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology "
            + "nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt "
            + "tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch cpuid_fault "
            + "fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f avx512dq rdseed adx smap "
            + "avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves";
    static final String ZEN2 = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx "
            + "fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl cpuid "
            + "extd_apicid aperfmperf pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx "
            + "f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs "
            + "skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 hw_pstate "
            + "ssbd mba ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 cqm rdt_a rdseed adx smap clflushopt "
            + "clwb sha_ni xsaveopt xsavec xgetbv1";

    private static String level(String flags) {
        return X86MicroarchitectureLevel.fromFlags(CpuInfo.parse(cpuinfo("cpu", flags, 1)).flags()).archspecName();
    }

    @Test
    void eachPsAbiLevelNeedsAllFlagsOfItselfAndTheLevelsBelow() {
        assertEquals("x86_64", level(CORE2));
        assertEquals("x86_64_v2", level(NEHALEM));
        assertEquals("x86_64_v3", level(HASWELL));
        assertEquals("x86_64_v3", level(ZEN2));
        assertEquals("x86_64_v4", level(SAPPHIRE_RAPIDS));
    }

    @Test
    void oneMissingFlagDropsToTheLevelBelow() {
        assertEquals("x86_64_v2", level(HASWELL.replace(" movbe", "")));
        assertEquals("x86_64_v3", level(SAPPHIRE_RAPIDS.replace(" avx512vl", "")));
        assertEquals("x86_64", level(NEHALEM.replace(" popcnt", "")));
        // avx512 flags without the v3 ones (a hypervisor hiding bmi2) do not make v4
        assertEquals("x86_64_v2", level(SAPPHIRE_RAPIDS.replace(" bmi2", "")));
    }

    @Test
    void macosSysctlSpellingsCountAsTheLinuxOnes() {
        List<String> sysctl = List.of(
                "FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE MCA CMOV PAT PSE36 CLFSH DS ACPI MMX FXSR "
                        + "SSE SSE2 SS HTT TM PBE SSE3 PCLMULQDQ DTES64 MON DSCPL VMX EST TM2 SSSE3 FMA CX16 TPR "
                        + "PDCM SSE4.1 SSE4.2 x2APIC MOVBE POPCNT AES PCID XSAVE OSXSAVE SEGLIM64 TSCTMR AVX1.0 "
                        + "RDRAND F16C",
                "RDWRFSGS TSC_THREAD_OFFSET SGX BMI1 HLE AVX2 SMEP BMI2 ERMS INVPCID RTM FPU_CSDS MPX RDSEED ADX "
                        + "SMAP CLFSOPT IPT MDCLEAR TSXFA IBRS STIBP L1DF SSBD",
                "SYSCALL XD 1GBPAGE EM64T LAHF LZCNT PREFETCHW RDTSCP TSCI");
        Set<String> flags = new HashSet<>();
        for (String line : sysctl) {
            flags.addAll(List.of(line.split(" ")));
        }
        assertEquals(X86MicroarchitectureLevel.X86_64_V3, X86MicroarchitectureLevel.fromFlags(flags));
    }

    @Test
    void cpuinfoGivesModelFlagsAndProcessorCount() {
        CpuInfo info = CpuInfo.parse(cpuinfo("Intel(R) Xeon(R) Platinum 8480+", HASWELL, 4));
        assertEquals("Intel(R) Xeon(R) Platinum 8480+", info.modelName());
        assertEquals(4, info.processorCount());
        assertTrue(info.flags().contains("avx2"));
    }

    @Test
    void armCpuinfoHasFeaturesAndNoModelName() {
        String text = """
                processor\t: 0
                BogoMIPS\t: 2000.00
                Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm \
                lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm
                CPU implementer\t: 0x41
                CPU part\t: 0xd40

                processor\t: 1
                Features\t: fp asimd
                """;
        CpuInfo info = CpuInfo.parse(text);
        assertNull(info.modelName());
        assertEquals(2, info.processorCount());
        assertTrue(info.flags().contains("sve"));
    }

    @Test
    void emptyCpuinfoIsUnknownNotAnError() {
        CpuInfo info = CpuInfo.parse("");
        assertEquals(0, info.processorCount());
        assertEquals(X86MicroarchitectureLevel.X86_64, X86MicroarchitectureLevel.fromFlags(info.flags()));
    }
}

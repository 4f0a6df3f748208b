"""The competency questions the curated graph must answer, as data.

Each question is a query spec that both the facade (tests/data) and GraphQL (tests/api) can
run, and the answer set the curators expect. Changing data that changes an answer means
updating the expected set here, on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import kg


@dataclass(frozen=True)
class Question:
    text: str
    op: str  # arguments | exceptions | underminers | scenario | illustrations
    args: dict[str, Any]
    expected: frozenset[str] = field(default_factory=frozenset)


def q(question: str, op: str, expected: set[str], **args: Any) -> Question:
    return Question(question, op, args, frozenset(expected))


#: Arguments that need deployment to be gated on evaluation (several questions reach them).
GATED = {"anthropic-rsp", "arc-evals-pre-deployment", "babcock-ai-containment",
     "balesni-evaluations-based-safety-cases", "berglund-situational-awareness",
     "bostrom-treacherous-turn", "carlsmith-scheming", "clymer-safety-cases",
     "cotra-hard-with-deep-learning", "deepmind-frontier-safety-framework",
     "greenblatt-ai-control", "hubinger-sleeper-agents", "hubinger-understanding-based-evals",
     "macdiarmid-emergent-misalignment-reward-hacking", "meinke-in-context-scheming",
     "metr-responsible-scaling-policies", "needham-evaluation-awareness",
     "openai-gpt4-system-card-red-teaming", "openai-iterative-deployment",
     "openai-preparedness-framework", "perez-red-teaming-lms", "phuong-dangerous-capabilities",
     "shevlane-model-evaluation-extreme-risks", "vanderweij-ai-sandbagging",
     "ziegler-high-stakes-reliability"}

QUESTIONS: list[Question] = [
    q("Which arguments assume the model is sandboxed during training?", "arguments",
      {"babcock-ai-containment", "bostrom-capability-control", "hubinger-model-organisms"},
      assumes="sandboxed-in-training"),
    q("Which arguments break if weights keep updating in deployment?", "arguments",
      {"rlo-deceptive-alignment"}, assumes="parameters-fixed-in-deployment"),
    q("Which arguments need deployment data to flow back into training?", "arguments",
      {"christiano-low-stakes-alignment", "greenblatt-alignment-faking",
       "greenblatt-catching-red-handed"}, assumesNot="deployment-data-excluded-from-training"),
    q("Which arguments need correction to outpace harm?", "arguments",
      {"christiano-low-stakes-alignment", "greenblatt-catching-red-handed",
       "jenner-rates-comparison", "openai-iterative-deployment"},
      assumes="correction-outpaces-harm"),
    q("Which arguments hold that failures during training can be costly?", "arguments",
      {"amodei-safe-exploration", "denison-sycophancy-to-subterfuge", "hubinger-gradient-hacking",
       "jenner-danger-during-training", "macdiarmid-emergent-misalignment-reward-hacking",
       "openai-preparedness-framework", "ray-safety-gym"}, assumesNot="training-failures-cheap"),
    q("Which arguments depend on where distributional shift happens?", "arguments",
      {"amodei-distributional-shift", "hubinger-sleeper-agents", "langosco-goal-misgeneralization",
       "shah-goal-misgeneralization", "jenner-cognitive-shift", "soares-sharp-left-turn"},
      dependsOn="shift-happens-at-train-deploy-boundary"),
    q("Which arguments need the model not to tell evaluation from deployment?", "arguments",
      {"arc-evals-pre-deployment", "balesni-evaluations-based-safety-cases",
       "clymer-safety-cases", "deepmind-frontier-safety-framework",
       "metr-responsible-scaling-policies", "openai-gpt4-system-card-red-teaming",
       "openai-preparedness-framework", "perez-red-teaming-lms", "phuong-dangerous-capabilities",
       "ryd-sandbagging-removal", "shevlane-model-evaluation-extreme-risks",
       "wheaton-deceptive-alignment-unlikely"},
      assumesNot="model-can-distinguish-training-from-deployment"),
    q("Which arguments turn on containment in any phase?", "arguments",
      {"babcock-ai-containment", "bostrom-capability-control", "hubinger-model-organisms",
       "amodei-safe-exploration", "denison-sycophancy-to-subterfuge", "everitt-reward-tampering",
       "jenner-danger-during-training", "ray-safety-gym", "arc-evals-pre-deployment",
       "bostrom-treacherous-turn", "meinke-in-context-scheming", "phuong-dangerous-capabilities",
       "yudkowsky-ai-box", "armstrong-oracle-ai", "greenblatt-ai-control"},
      property="containment"),
    q("Which arguments rest on an assumption about the evaluation phase?", "arguments",
      GATED | {"stix-internal-deployment", "yudkowsky-ai-box"},
      phase="evaluation"),
    q("Which arguments are about capabilities still growing after training?", "arguments",
      {"bostrom-treacherous-turn", "soares-sharp-left-turn"},
      assumesNot="no-cognitive-shift-after-training"),
    q("Which policy arguments rely on deployment being gated on evaluation?", "arguments",
      {"anthropic-rsp", "arc-evals-pre-deployment", "deepmind-frontier-safety-framework",
       "metr-responsible-scaling-policies", "openai-gpt4-system-card-red-teaming",
       "openai-iterative-deployment", "openai-preparedness-framework",
       "shevlane-model-evaluation-extreme-risks"},
      assumes="pre-deployment-gate", kind="policy"),
    q("Which arguments mention sandbagging?", "arguments",
      {"ryd-sandbagging-removal", "vanderweij-ai-sandbagging"},
      text="sandbag"),
    q("Which documented cases trained without a sandbox?", "exceptions",
      {"costly-robot-rl-failures", "daydreamer-real-world-robots", "qt-opt-real-robot-grasping",
       "real-world-legged-locomotion-rl", "sandboxing-infeasible-for-powerful-ai",
       "webgpt-live-browsing"}, observes="sandboxed-in-training", status="violated"),
    q("Which cases show weights changing in deployment?", "exceptions",
      {"bytedance-monolith-online-training", "continual-fine-tuning-in-deployment",
       "chatgpt-research-preview",
       "gboard-federated-learning", "google-ad-click-online-learning",
       "gpt4o-sycophancy-rollback"}, observes="parameters-fixed-in-deployment"),
    q("Which cases show deployment data flowing back into training?", "exceptions",
      {"anthropic-consumer-chat-training", "bytedance-monolith-online-training",
       "chatgpt-research-preview", "continual-fine-tuning-in-deployment",
       "gboard-federated-learning", "google-ad-click-online-learning",
       "gpt4o-sycophancy-rollback", "microsoft-tay"},
      observes="deployment-data-excluded-from-training"),
    q("Which evaluations or tests touched the real world?", "exceptions",
      {"gpt4-taskrabbit-captcha", "o1-ctf-container-escape",
       "sakana-ai-scientist-self-modification", "sandboxescapebench",
       "uber-atg-test-vehicle-fatality"}, observes="sandboxed-in-evaluation"),
    q("Which cases show the phases overlapping?", "exceptions",
      {"bing-gpt4-before-release", "bing-sydney", "bytedance-monolith-online-training",
       "chatgpt-research-preview", "gboard-federated-learning", "internal-deployment-practice",
       "useful-before-training-ends"},
      observes="discrete-phases"),
    q("Which cases show models telling tests from real use?", "exceptions",
      {"alignment-faking-exfiltration-opportunity", "frontier-models-detect-evaluations"},
      observes="model-can-distinguish-training-from-deployment", status="holds"),
    q("Which exceptions undermine the sleeper-agents argument?", "underminers",
      {"bing-gpt4-before-release", "bing-sydney", "chatgpt-research-preview",
       "cognitive-distributional-shift", "frontier-models-detect-evaluations",
       "gpt4o-sycophancy-rollback", "hide-and-seek-autocurricula", "internal-deployment-practice",
       "learning-rate-schedules", "microsoft-tay", "rl-new-states-during-training"},
      argument="hubinger-sleeper-agents"),
    q("Which arguments does WebGPT's live browsing undermine?", "arguments",
      {"babcock-ai-containment", "bostrom-capability-control", "hubinger-model-organisms"},
      underminedBy="webgpt-live-browsing"),
    q("Which arguments does the cognitive-shift hypothetical undermine?", "arguments",
      {"amodei-distributional-shift", "bostrom-capability-control", "hubinger-sleeper-agents",
       "langosco-goal-misgeneralization", "shah-goal-misgeneralization",
       "pope-no-sharp-left-turn"}, underminedBy="cognitive-distributional-shift"),
    q("If weights keep updating in deployment and training is not sandboxed, which arguments "
      "lose a premise?", "scenario",
      {"rlo-deceptive-alignment", "babcock-ai-containment", "bostrom-capability-control",
       "hubinger-model-organisms"},
      facts={"parameters-fixed-in-deployment": False, "sandboxed-in-training": False}),
    q("If the model cannot tell training from deployment, which arguments lose a premise?",
      "scenario",
      {"berglund-situational-awareness", "carlsmith-situational-awareness", "cotra-hfdt-takeover",
       "greenblatt-alignment-faking", "hubinger-model-organisms",
       "hubinger-relaxed-adversarial-training", "hubinger-sleeper-agents",
       "hubinger-understanding-based-evals", "laine-sad-benchmark",
       "leike-gridworlds-absent-supervisor", "meinke-in-context-scheming",
       "needham-evaluation-awareness", "ngo-alignment-problem-dl", "rlo-deceptive-alignment",
       "vanderweij-ai-sandbagging"},
      facts={"model-can-distinguish-training-from-deployment": False}),
    q("If deployment is not gated on evaluation, which arguments lose a premise?", "scenario",
      GATED, facts={"pre-deployment-gate": False}),
    q("Which real systems are instances of the essay's continual fine-tuning example?",
      "illustrations",
      {"bytedance-monolith-online-training", "gboard-federated-learning",
       "google-ad-click-online-learning"}, exception="continual-fine-tuning-in-deployment"),
    q("Which arguments does the internal-deployment practice undermine?", "arguments",
      GATED | {"laine-sad-benchmark"},
      underminedBy="internal-deployment-practice"),
]


def answer(graph: kg.KnowledgeGraph, question: Question) -> set[str]:
    """The answer through the facade (the GraphQL tests ask the same through the API)."""
    a = question.args
    if question.op == "arguments":
        sets = []
        if "assumes" in a:
            sets.append({x.id for x in graph.arguments_assuming(a["assumes"], "holds")})
        if "assumesNot" in a:
            sets.append({x.id for x in graph.arguments_assuming(a["assumesNot"], "fails")})
        if "dependsOn" in a:
            sets.append({x.id for x in graph.arguments_assuming(a["dependsOn"])})
        if "property" in a or "phase" in a:
            sets.append({x.id for x in graph.arguments_on_property(a.get("property"),
                                                                   a.get("phase"))})
        if "underminedBy" in a:
            sets.append({u.argument_id for u in graph.arguments_undermined_by(a["underminedBy"])})
        if "kind" in a:
            sets.append({x.id for x in graph.arguments() if x.kind == a["kind"]})
        if "text" in a:
            t = a["text"].casefold()
            sets.append({x.id for x in graph.arguments()
                         if t in x.title.casefold() or t in x.summary.casefold()})
        return set.intersection(*sets)
    if question.op == "exceptions":
        return {e.id for e in graph.exceptions_observing(a["observes"], a.get("status"))}
    if question.op == "underminers":
        return {u.exception_id for u in graph.exceptions_undermining(a["argument"])}
    if question.op == "scenario":
        return {v.argument_id for v in graph.evaluate(a["facts"]).undermined}
    if question.op == "illustrations":
        graph.exception(a["exception"])
        return {e.id for e in graph.exceptions() if a["exception"] in e.illustrates}
    raise ValueError(question.op)

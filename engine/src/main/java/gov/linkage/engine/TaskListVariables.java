package gov.linkage.engine;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.operaton.bpm.engine.delegate.DelegateTask;
import org.operaton.bpm.engine.delegate.TaskListener;
import org.operaton.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.operaton.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.pvm.process.ActivityImpl;
import org.operaton.bpm.engine.impl.pvm.process.ScopeImpl;
import org.operaton.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * What each task says in a unit's Tasklist list: the event number, title, street and due date,
 * copied into TASK-LOCAL variables ({@code listEventNumber}, {@code listTitle}, {@code listStreet},
 * {@code listDue}) when a user task is created, and the due date again whenever the task is
 * updated (e.g. "设置办理期限" in Tasklist).
 *
 * <p>Why task-local: Tasklist shows a filter's list variables from {@code POST /filter/{id}/list}
 * (HAL), where the engine reads them with a variable-instance query that is authorization-checked
 * (AuthorizationManager#configureVariableInstanceQuery): READ on the process instance, READ_INSTANCE
 * on the process definition, or READ on the task for the variable's TASK_ID_. A unit's clerk has
 * only the task grant the engine gives a candidate group, so process variables never reach the
 * list; a task-local variable does, and only for the unit's own tasks.
 *
 * <p>Names differ from the process variables on purpose: a form that binds {@code title} would
 * otherwise write into the task-local copy on submit and the process would never see it.
 * Built in for every user task of every deployed model: nothing to add in a model.
 */
@Component
public class TaskListVariables extends AbstractProcessEnginePlugin {

  /** Task-local name, then the process variables it is copied from (first one set wins). */
  static final String[][] COPIES = {
    {"listEventNumber", "eventNumber", "itemEventNumber"},
    {"listTitle", "title", "itemTitle"},
    {"listStreet", "street"},
  };
  static final String DUE = "listDue";

  static final TaskListener LISTENER = TaskListVariables::copy;

  static void copy(DelegateTask task) {
    if (TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
      for (String[] copy : COPIES) {
        for (int i = 1; i < copy.length; i++) {
          Object value = task.getVariable(copy[i]);
          if (value instanceof String text && !text.isBlank()) {
            task.setVariableLocal(copy[0], text);
            break;
          }
        }
      }
    }
    Date due = task.getDueDate();
    if (due != null) {
      if (!due.equals(task.getVariableLocal(DUE))) task.setVariableLocal(DUE, due);
    } else if (task.hasVariableLocal(DUE)) {
      task.removeVariableLocal(DUE);
    }
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners = configuration.getCustomPreBPMNParseListeners();
    if (listeners == null) {
      listeners = new ArrayList<>();
      configuration.setCustomPreBPMNParseListeners(listeners);
    }
    listeners.add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
          behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, LISTENER);
          behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_UPDATE, LISTENER);
        }
      }
    });
  }
}

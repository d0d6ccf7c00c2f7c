package dev.firn.writer.schema;

import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** The type promotions a load may make to a table column. */
final class TypeWidening {
  private TypeWidening() {}

  /** Whether values of {@code from} fit losslessly in {@code to}. */
  static boolean widens(Type.PrimitiveType from, Type.PrimitiveType to) {
    switch (from.typeId()) {
      case INTEGER:
        return to.typeId() == Type.TypeID.LONG;
      case FLOAT:
        return to.typeId() == Type.TypeID.DOUBLE;
      case DECIMAL:
        if (to.typeId() != Type.TypeID.DECIMAL) {
          return false;
        }
        Types.DecimalType a = (Types.DecimalType) from;
        Types.DecimalType b = (Types.DecimalType) to;
        return a.scale() == b.scale() && a.precision() < b.precision();
      default:
        return false;
    }
  }
}
